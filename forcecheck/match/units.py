"""Unit names: analysis, scoring and blocking keys.

A unit name is read into hard features, from vocabulary data (``vocab/unit_terms.csv``,
``vocab/ordinals.csv``, ``vocab/institutions.csv``) and from corpus statistics
(``vocab/unit_word_stats.csv``, built by ``scripts/build_unit_word_stats.py`` from ~62,000 real
unit names of 200 countries):

* **numbers**: digits ("23", "23/o.", "1er", "12ava"), Roman numerals ("XXIII"), ordinal
  and cardinal words in Spanish and English ("Trigésimo Tercer", "twenty-second"). 23 never
  equals 33, "4/1" never "4/2";
* **letters**: letter designations ("Area 'J'", "A' Company", "Company B"): J never equals E;
* **type**: the kind of unit ("Batallón de Infantería" = "BTN. INF." = "Infantry Battalion",
  "Tk Bn" = "Armoured Battalion", "Cie" = "Compagnie" = "Company"), with a parent chain so that
  "primer Batallón" is a more general way of naming "1 Batallón de Infantería", while "Zona
  Militar" conflicts with it;
* **institution**: SEMAR, SEDENA, PF... (and the institution a type implies);
* **distinctive words**: the words left that are rare across the unit names of the world (places,
  operation names, nicknames, acronyms: "Oron", "Bauchi", "Waraba", "MNJTF"). Two names with
  different distinctive words name different units (Oron != Oyo) even when no gazetteer knows
  them; a distinctive word on one side only is weaker evidence;
* **generic words**: words used for units in many countries ("police", "mobile", "special",
  "Nigerian"): what kind of unit, not which one; they add a little when they agree;
* **states** (Mexican states from their names and abbreviations);
* **a parent**: a qualifier in parentheses that names another unit ("SARS (Bauchi State Police
  Command)") or "X of Y" with a unit on both sides ("Garrison of 26 Task Force Brigade"). Two
  children are compared unit to unit and parent to parent (SARS of Bauchi != SARS of Bayelsa);
  a unit is not its parent.

Initialisms are read in both directions ("MNJTF" = Multinational Joint Task Force, "31PMF" =
Police Mobile Force Squadron 31). :func:`compare_units` scores two names from these features
and explains itself; :func:`unit_keys` gives the blocking keys the candidate index uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from forcecheck import settings, vocab
from forcecheck.match.normalize import norm
from forcecheck.match.types import Match

#: Default threshold of ``Match.is_match`` for units.
UNIT_THRESHOLD = settings.match_threshold("unit")

# weights of the features in the score (tuned on the tuning split only, see docs/benchmarks.md)
W_NUMBER, W_LETTER, W_TYPE, W_INST, W_PLACE, W_STATE, W_GENERIC, W_QUALIFIER = 3.0, 3.0, 2.0, 2.0, 3.0, 1.0, 1.0, 3.0
CONFLICT_CAP = 0.3
PART_OF = 0.65
#: similarity of the type when only one name has one and the other is a bare distinctive name ("Ewekoro")
TYPE_ONE_SIDE = 0.6
#: similarity of the distinctive words when one name has more of them ("Nuevo Laredo" / "Laredo")
EXTRA_WORD = 0.5
#: similarity of the distinctive words when only one name has any and no number ("Guarnición Militar"
#: for the Ojinaga garrison): weaker than a conflict, not a match
PLACE_ONE_SIDE = 0.2
#: factor on the score of a unit whose parent is named on one side only
PARENT_ONE_SIDE = 0.85
#: similarity of the qualifiers when one name has words the other does not explain ("Navy HQ" / "Navy")
ONE_SIDE_QUALIFIER = 0.35
#: a word used for units in at least this many countries is generic (vocab/unit_word_stats.csv)
GENERIC_COUNTRIES = 8

_SLASH_ZERO = re.compile(r"(\d+)\s*/\s*0\.")  # "46/0." is a typo of "46/o."
_NUM_SUFFIX = re.compile(r"^(\d+)([a-z]+)$")
_ALPHA_NUM = re.compile(r"^([a-z]+)(\d+)$")
# Roman numerals beyond the listed ones (vocab/ordinals.csv lists I..XLIX): L..CCCXCIX, two letters at least
_ROMAN = re.compile(r"^(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUE = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman(tok: str) -> int | None:
    if len(tok) < 2 or not _ROMAN.match(tok):
        return None
    total = 0
    for ch, nxt in zip(tok, tok[1:] + " ", strict=True):
        v = _ROMAN_VALUE[ch]
        total += -v if nxt != " " and _ROMAN_VALUE[nxt] > v else v
    return total


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class _Term:
    kind: str  # type, institution, state, stop, place_word
    code: str
    lang: str  # es, en, abbr


@dataclass
class _Vocab:
    phrases: dict[tuple[str, ...], _Term]
    max_len: int
    parent: dict[str, str]  # type or institution code -> parent code
    type_inst: dict[str, str]  # type code -> institution it implies
    labels: dict[str, tuple[str, str]]  # code -> (label_en, label_es)
    numbers: dict[str, tuple[int, str]]  # word -> (value, role)
    suffixes: frozenset[str]
    markers: frozenset[str]
    stop: frozenset[str]
    place_words: frozenset[str]
    spread: dict[str, int]  # word -> number of countries whose unit names use it (vocab/unit_word_stats.csv)
    countries: frozenset[str]  # words of country names
    type_words: frozenset[str]  # every word of a type, institution or state term
    letter_words: frozenset[str]  # the phonetic alphabet: "Alpha Company" is Company A


def _respell_map() -> dict[str, tuple[str, ...]]:
    """One-word spellings and abbreviations read as the canonical words (``spelling`` rows of
    unit_terms.csv: "Defence" = "Defense", "HQ" = "Headquarters", "AF" = "Air Force")."""
    out: dict[str, tuple[str, ...]] = {}
    for r in vocab.load("unit_terms"):
        if r["kind"] == "spelling":
            canon = tuple(norm(r["label_en"]).split())
            for t in vocab.terms(r["terms_en"]) + vocab.terms(r["abbreviations"]):
                key = norm(t).split()
                if len(key) == 1:
                    out[key[0]] = canon
    return out


_RESPELL: dict[str, tuple[str, ...]] = {}


def _respell(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        out.extend(_RESPELL.get(w, (w,)))
    return out


def _add(phrases: dict, text: str, term: _Term) -> None:
    key = tuple(_respell(norm(text).split()))
    if key and key not in phrases:  # the first registration wins: institutions before types
        phrases[key] = term


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    phrases: dict[tuple[str, ...], _Term] = {}
    parent: dict[str, str] = {}
    type_inst: dict[str, str] = {}
    labels: dict[str, tuple[str, str]] = {}
    stop: set[str] = set()
    place_words: set[str] = set()
    letter_words: set[str] = set()
    _RESPELL.clear()
    _RESPELL.update(_respell_map())
    # institutions shared with the importers (vocab/institutions.csv), if that file is there
    try:
        institutions = vocab.load("institutions")
    except FileNotFoundError:
        institutions = ()
    for r in institutions:
        code = r["code"]
        t_es, t_en = _Term("institution", code, "es"), _Term("institution", code, "en")
        _add(phrases, r.get("name_es", ""), t_es)
        _add(phrases, r.get("name_en", ""), t_en)
        for a in vocab.terms(r.get("aliases", "")):
            _add(phrases, a, _Term("institution", code, "abbr" if a.isupper() and len(a) <= 6 else "es"))
        _add(phrases, code, _Term("institution", code, "abbr"))
        if r.get("parent"):
            parent[code] = r["parent"]
        labels[code] = (r.get("name_en") or code, r.get("name_es") or code)
    for r in vocab.load("unit_terms"):
        code, kind = r["code"], r["kind"]
        if kind == "spelling":
            continue
        if kind == "letter_word":
            letter_words.update(norm(t) for t in vocab.terms(r["terms_en"]))
            continue
        if kind == "stop":
            stop.update(norm(t) for t in vocab.terms(r["terms_es"]))
            continue
        if kind == "place_word":
            place_words.update(
                norm(t)
                for t in vocab.terms(r["terms_es"]) + vocab.terms(r["abbreviations"]) + vocab.terms(r["terms_en"])
            )
            continue
        for col, lang in (("terms_es", "es"), ("terms_en", "en"), ("abbreviations", "abbr")):
            for t in vocab.terms(r[col]):
                _add(phrases, t, _Term(kind, code, lang))
        _add(phrases, r["label_es"], _Term(kind, code, "es"))
        _add(phrases, r["label_en"], _Term(kind, code, "en"))
        if r["parent"]:
            parent.setdefault(code, r["parent"])
        if r["institution"]:
            type_inst[code] = r["institution"]
        labels.setdefault(code, (r["label_en"] or code, r["label_es"] or code))
    numbers: dict[str, tuple[int, str]] = {}
    suffixes: set[str] = set()
    markers: set[str] = set()
    for r in vocab.load("ordinals"):
        forms = vocab.terms(r["forms"])
        if r["role"] == "suffix":
            suffixes.update(forms)
        elif r["role"] == "marker":
            markers.update(forms)
        else:
            for f in forms:
                numbers.setdefault(norm(f), (int(r["value"]), r["role"]))
    spread: dict[str, int] = {}
    countries: set[str] = set()
    for r in vocab.load("unit_word_stats"):
        if r["kind"] == "country":
            countries.add(r["code"])
        else:
            spread[r["code"]] = int(r["countries"])
    type_words = frozenset(w for k in phrases for w in k)
    return _Vocab(
        phrases,
        max(len(k) for k in phrases),
        parent,
        type_inst,
        labels,
        numbers,
        frozenset(suffixes),
        frozenset(markers),
        frozenset(stop),
        frozenset(place_words),
        spread,
        frozenset(countries),
        type_words,
        frozenset(letter_words),
    )


@lru_cache(maxsize=4096)
def _ancestors(code: str) -> tuple[str, ...]:
    """``code`` and its parents, most specific first."""
    parent = _vocab().parent
    out = [code]
    while out[-1] in parent and parent[out[-1]] not in out:
        out.append(parent[out[-1]])
    return tuple(out)


def label(code: str, lang: str = "es") -> str:
    en, es = _vocab().labels.get(code, (code, code))
    return norm(es if lang == "es" else en)


# --------------------------------------------------------------------------- word classes


@lru_cache(maxsize=1)
def _country_stems() -> frozenset[str]:
    """Country names without their last letter ("nigeri", "indonesi", "mali"): the stems of nationality adjectives."""
    return frozenset(c[: max(4, len(c) - 1)] for c in _vocab().countries)


@lru_cache(maxsize=1)
def _generic_by_initial() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for w, n in _vocab().spread.items():
        if n >= GENERIC_COUNTRIES and len(w) >= 5:
            out.setdefault(w[0], []).append(w)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=200_000)
def _word_class(word: str) -> str:
    """``national`` (a country name or a nationality adjective: "Nigeria", "Nigerian", "Malien"),
    ``generic`` (says what kind of unit a name is, not which one: used in the unit names of at
    least ``GENERIC_COUNTRIES`` countries, ``vocab/unit_word_stats.csv``, or a misspelling of such a
    word: "Acdemy", "Coopertion") or ``distinctive`` (places, operation names, nicknames, acronyms)."""
    v = _vocab()
    if word in v.countries or (len(word) >= 5 and any(word[:k] in _country_stems() for k in range(4, len(word) + 1))):
        return "national"
    if len(word) >= 5 and v.spread.get(word, 0) < GENERIC_COUNTRIES:
        for c in v.countries:  # "Afghan" (a prefix), "Venezualan", "Columbian" (misspelt)
            if len(c) >= 6 and c[0] == word[0] and (c.startswith(word) or fuzz.ratio(word[: len(c)], c) >= 80):
                return "national"
    if v.spread.get(word, 0) >= GENERIC_COUNTRIES:
        return "generic"
    if len(word) >= 6:
        near = process.extractOne(word, _generic_by_initial().get(word[0], ()), scorer=fuzz.ratio, score_cutoff=80)
        if near is not None and (near[1] >= 85 or Levenshtein.distance(word, near[0]) <= 1):
            return "generic"
    return "distinctive"


# --------------------------------------------------------------------------- analysis


@dataclass(frozen=True)
class UnitName:
    """What a unit name says, as hard features."""

    raw: str
    normalized: str
    numbers: tuple[int, ...] = ()
    types: tuple[str, ...] = ()  # type codes in order of appearance; the first is the head
    type_forms: tuple[tuple[str, str], ...] = ()  # (surface words, language) per type
    institutions: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # distinctive words: places, operation names, nicknames, acronyms
    generic: tuple[str, ...] = ()  # generic words that are not a known type ("mobile", "special")
    letters: tuple[str, ...] = ()  # letter designations: Area 'J', A' Company
    nations: tuple[str, ...] = ()  # country names and nationality words ("Nigerian")
    tokens: tuple[str, ...] = field(default=(), repr=False)
    #: a parent qualifier ("SARS (Bauchi State Police Command)", "Garrison of 26 Brigade"): the
    #: name without it (``own``) and the parent's analysis; the fields above are the whole name's
    own: UnitName | None = field(default=None, repr=False, compare=False)
    parent: UnitName | None = field(default=None, repr=False, compare=False)

    @property
    def is_empty(self) -> bool:
        return not (
            self.numbers
            or self.types
            or self.institutions
            or self.states
            or self.places
            or self.letters
            or self.generic
        )

    @cached_property
    def implied_institutions(self) -> tuple[str, ...]:
        ti = _vocab().type_inst
        return tuple(dict.fromkeys(self.institutions + tuple(ti[t] for t in self.types if t in ti)))

    @cached_property
    def words(self) -> tuple[str, ...]:
        """The alphabetic words, in order (what an acronym is made of)."""
        return tuple(t for t in self.tokens if t.isalpha())

    @cached_property
    def type_words(self) -> frozenset[str]:
        """The words of the name's type phrases as written."""
        return frozenset(w for f, _ in self.type_forms for w in f.split())

    def canonical(self) -> str:
        """A language-independent string of the features, for cheap fuzzy pre-scoring."""
        parts = [str(n) for n in self.numbers] + list(self.letters) + list(self.types[:1]) + list(self.institutions)
        parts += list(self.places) + list(self.states)
        return " ".join(parts) or self.normalized


_QUOTED_LETTER = re.compile(r"['‘’\"“”]([A-Za-z])['‘’\"“”]|(?<![\w'’])([A-Z])['’](?![A-Za-z])")
_CAPITAL_LETTER = re.compile(r"(?<![\w'’.\-])([A-DF-HJ-MP-UWZ])(?![\w'’.\-])")
_CAPITAL_CONSONANT = re.compile(r"(?<![\w'’.\-])([B-DF-HJ-MP-TWZ])(?![\w'’.\-])")
_PAREN = re.compile(r"^(.*?)[(\[]([^()\[\]]*)[)\]](.*)$")
_OF = re.compile(r"\s+of\s+(?:the\s+)?", re.I)


def _letters(text: str) -> tuple[str, list[str]]:
    """Letter designations taken out of ``text``: quoted ('J', "A'") anywhere, bare capitals in
    names that are not all capitals ("Company B"), bare consonants in names in capitals."""
    found: list[str] = []

    def take(m: re.Match) -> str:
        found.append((m.group(1) or m.group(2)).lower())
        return " "

    text = _QUOTED_LETTER.sub(take, text)
    # in a name in capitals, a lone consonant ("AREA J POLICE") is a designation; A and U may be words
    text = (_CAPITAL_LETTER if text != text.upper() else _CAPITAL_CONSONANT).sub(take, text)
    return text, found


def _tokens(text: str) -> list[str]:
    v = _vocab()
    out: list[str] = []
    for tok in norm(_SLASH_ZERO.sub(r"\1/o.", text)).split():
        m = _NUM_SUFFIX.match(tok)
        if m:
            out.append(m.group(1))
            if m.group(2) not in v.suffixes:
                out.append(m.group(2))
            continue
        m = _ALPHA_NUM.match(tok)
        if m:
            out.extend(m.groups())
            continue
        out.extend(_RESPELL.get(tok, (tok,)))
    return [_typo_of_type_word(t) for t in out]


@lru_cache(maxsize=200_000)
def _typo_of_type_word(tok: str) -> str:
    """A misspelt word of a unit type or institution read as that word ("Battallion", "Brigate",
    "Poluice", "Ministery")."""
    v = _vocab()
    if len(tok) < 6 or not tok.isalpha() or tok in v.type_words or tok in v.numbers or tok in v.stop:
        return tok
    near = process.extractOne(tok, _type_words_by_initial().get(tok[0], ()), scorer=fuzz.ratio, score_cutoff=85)
    if near is None:
        return tok
    # a word of its own used in many countries ("commando") is only read as a type word one edit away
    if v.spread.get(tok, 0) >= GENERIC_COUNTRIES and Levenshtein.distance(tok, near[0]) > 1:
        return tok
    return near[0]


@lru_cache(maxsize=1)
def _type_words_by_initial() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for w in _vocab().type_words:
        if len(w) >= 6 and w.isalpha():
            out.setdefault(w[0], []).append(w)
    return {k: tuple(v) for k, v in out.items()}


def _number_word(tokens: list[str], i: int) -> tuple[int, int] | None:
    """(value, tokens used) of a number written as digits, Roman numerals or words at ``tokens[i]``."""
    v = _vocab()
    tok = tokens[i]
    if tok.isdigit():
        return int(tok), 1
    hit = v.numbers.get(tok)
    if hit is None:
        r = _roman(tok)
        return (r, 1) if r else None
    value, role = hit
    if role == "ten" and i + 1 < len(tokens):
        nxt = v.numbers.get(tokens[i + 1])
        if nxt and nxt[1] == "unit":
            return value + nxt[0], 2
    return value, 1


def _read(raw: str, text: str, letters: list[str]) -> UnitName:
    v = _vocab()
    letters = list(letters)
    toks = _tokens(text)
    numbers: list[int] = []
    types: list[str] = []
    forms: list[tuple[str, str]] = []
    insts: list[str] = []
    states: list[str] = []
    places: list[str] = []
    generic: list[str] = []
    nations: list[str] = []
    i, n = 0, len(toks)
    while i < n:
        for length in range(min(v.max_len, n - i), 0, -1):
            term = v.phrases.get(tuple(toks[i : i + length]))
            if term is not None:
                break
        else:
            term, length = None, 1
        if term is not None:
            if term.kind == "type":
                types.append(term.code)
                forms.append((" ".join(toks[i : i + length]), term.lang))
            elif term.kind == "institution":
                insts.append(term.code)
            elif term.kind == "state":
                states.append(term.code)
            i += length
            continue
        tok = toks[i]
        if (
            tok in v.letter_words
            and i + 1 < n
            and any(getattr(v.phrases.get(tuple(toks[i + 1 : i + 1 + k])), "kind", "") == "type" for k in (1, 2, 3))
        ):
            letters.append(tok[0])  # "Alpha Company", "India Coy": a letter designation
            i += 1
            continue
        if tok in v.markers and i + 1 < n and _number_word(toks, i + 1):
            i += 1
            continue
        num = _number_word(toks, i)
        if num is not None:
            numbers.append(num[0])
            i += num[1]
            continue
        if tok not in v.stop and tok not in v.place_words and not tok.isdigit() and len(tok) > 1:
            cls = _word_class(tok)
            (places if cls == "distinctive" else generic if cls == "generic" else nations).append(tok)
        i += 1
    return UnitName(
        raw=raw,
        normalized=" ".join(toks),
        numbers=tuple(dict.fromkeys(numbers)),
        types=tuple(types),
        type_forms=tuple(forms),
        institutions=tuple(dict.fromkeys(insts)),
        states=tuple(dict.fromkeys(states)),
        places=tuple(dict.fromkeys(places)),
        generic=tuple(dict.fromkeys(generic)),
        letters=tuple(dict.fromkeys(letters)),
        nations=tuple(dict.fromkeys(nations)),
        tokens=tuple(toks),
    )


def _is_qualifier_alias(own: UnitName, q: UnitName) -> bool:
    """A parenthesis that repeats the name ("(ZN-14)", "(SEDENA)", "(SBS)") rather than naming a parent."""
    if len(q.tokens) == 1 and _acronym_span(q.tokens[0], _words(own)) is not None:
        return True
    if q.places and not set(q.places) <= set(own.places):
        return False
    if q.numbers and not set(q.numbers) <= set(own.numbers):
        return False
    if q.types and own.types and not any(_type_relation(x, y) for x in q.types for y in own.types):
        return False
    return bool(q.numbers or q.types or q.institutions)


@lru_cache(maxsize=500_000)
def analyze_unit(name: str) -> UnitName:
    """Read a unit name into numbers, letters, types, institutions, states, distinctive and generic
    words, and a parent qualifier when it has one (see the module doc)."""
    raw = name or ""
    text, letters = _letters(raw)
    m = _PAREN.match(text)
    if m:
        own_text, q_text = (m.group(1) + " " + m.group(3)).strip(" ,-"), m.group(2)
        own = _read(raw, own_text, letters)
        q = _read(q_text, q_text, [])
        if own_text and (q.types or q.institutions) and not _is_qualifier_alias(own, q):
            whole = _read(raw, own_text + " " + q_text, letters)
            return _with_parent(whole, own, q)
        if own_text and q.tokens and _is_qualifier_alias(own, q) and not (q.numbers or q.types or q.institutions):
            return own  # an acronym in parentheses: the name without it
        return _read(raw, own_text + " " + q_text, letters)
    whole = _read(raw, text, letters)
    parts = _OF.split(text, maxsplit=1)
    if len(parts) == 2 and (whole.types or whole.institutions):
        left, right = _read(parts[0], parts[0], []), _read(parts[1], parts[1], [])
        # "Garrison of 26 Task Force Brigade": a unit of a unit; "Secretariat of the National
        # Defense" (no type on the left) or "Ministry of Defense" (no distinctive word) is not
        if (left.types or left.generic) and (right.types or right.institutions) and (right.numbers or right.places):
            return _with_parent(whole, left, right)
    return whole


def _with_parent(whole: UnitName, own: UnitName, parent: UnitName) -> UnitName:
    return UnitName(
        raw=whole.raw,
        normalized=whole.normalized,
        numbers=whole.numbers,
        types=whole.types,
        type_forms=whole.type_forms,
        institutions=whole.institutions,
        states=whole.states,
        places=whole.places,
        generic=whole.generic,
        letters=whole.letters,
        nations=whole.nations,
        tokens=whole.tokens,
        own=own,
        parent=parent,
    )


# --------------------------------------------------------------------------- acronyms


def _words(u: UnitName) -> tuple[str, ...]:
    """The alphabetic words of a name, in order (what an acronym is made of)."""
    return u.words


@lru_cache(maxsize=200_000)
def _acronym_span(acr: str, words: tuple[str, ...], strict: bool = False) -> tuple[int, int] | None:
    """(i, j) when ``acr`` is the initialism of ``words[i:j]``: each word gives its first letter and
    maybe more of its letters in order ("MNJTF" = Multi-National Joint Task Force, "PMF" = Police
    Mobile Force); stop words may give nothing. At least two words, at least three letters."""
    if not (3 <= len(acr) <= 8 and acr.isalpha()) or len(words) < 2 or acr in words:
        return None
    stop = _vocab().stop

    def fit(k: int, j: int) -> int | None:  # words[j:] from acr[k:]; returns end index
        if k == len(acr):
            return j
        if j >= len(words):
            return None
        w = words[j]
        if w in stop:
            r = fit(k, j + 1)
            if r is not None:
                return r
        if w[0] != acr[k]:
            return None
        # this word gives acr[k] and then possibly acr[k+1..k+e] as a subsequence of its letters
        pos, e = 1, 0
        cands = [k + 1]
        while not strict and k + 1 + e < len(acr):
            p = w.find(acr[k + 1 + e], pos)
            if p < 0:
                break
            pos, e = p + 1, e + 1
            cands.append(k + 1 + e)
        for nk in cands:  # fewest letters from this word first
            r = fit(nk, j + 1)
            if r is not None:
                return r
        return None

    for i in range(len(words)):
        if words[i][0] != acr[0]:
            continue
        j = fit(0, i)
        if j is not None and j - i >= 2:
            return i, j
    return None


def _expand_acronyms(ua: UnitName, ub: UnitName) -> tuple[UnitName, list[str]]:
    """``ua`` with each distinctive word that is an initialism of words of ``ub`` written out."""
    bw = _words(ub)
    if len(bw) < 2:
        return ua, []
    toks = list(ua.tokens)
    why = []
    for p in ua.places + tuple(g for g in ua.generic if len(g) <= 6):
        if any(_token_match(p, q) for q in ub.places + ub.generic):
            continue
        span = _acronym_span(p, bw, p not in ua.places)
        if span is not None:
            words = bw[span[0] : span[1]]
            toks = [" ".join(words) if t == p else t for t in toks]
            why.append(f"acronym {p.upper()} = {' '.join(words)}")
    if not why:
        return ua, []
    text = " ".join(toks)
    new = _read(ua.raw, text, list(ua.letters))
    if ua.parent is not None and ua.own is not None:
        new = _with_parent(new, ua.own, ua.parent)
    return new, why


# --------------------------------------------------------------------------- comparison


def _type_relation(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if a in _ancestors(b) or b in _ancestors(a):
        return 0.8
    return 0.0


def _token_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 5:
        return False
    return fuzz.ratio(a, b) >= 85 or (min(len(a), len(b)) >= 6 and Levenshtein.distance(a, b, score_cutoff=1) <= 1)


def _word_match(a: str, b: str) -> bool:
    """Generic words: equal, a typo, or one a prefix abbreviation of the other ("Intel", "Min", "Spec")."""
    if _token_match(a, b):
        return True
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= 3 and long_.startswith(short)


def _place_overlap(pa: tuple[str, ...], pb: tuple[str, ...]) -> tuple[int, set[int], set[int]]:
    """(matches, matched indexes of pa, matched indexes of pb)."""
    used_b: set[int] = set()
    used_a: set[int] = set()
    for i, x in enumerate(pa):
        for j, y in enumerate(pb):
            if j not in used_b and _token_match(x, y):
                used_b.add(j)
                used_a.add(i)
                break
    return len(used_a), used_a, used_b


def _inst_related(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if a in _ancestors(b) or b in _ancestors(a):
        return PART_OF  # the Army is part of SEDENA, not SEDENA itself: a candidate, not a match
    return 0.0


def _best_inst(xs, ys) -> tuple[float, str, str]:
    best = (0.0, xs[0], ys[0])
    for x in xs:
        for y in ys:
            r = _inst_related(x, y)
            if r > best[0]:
                best = (r, x, y)
    return best


def _nums(ns: tuple[int, ...]) -> str:
    return ", ".join(str(x) for x in ns)


def _qualifiers(ua: UnitName, ub: UnitName) -> list[str]:
    """What ``ua`` says that ``ub`` does not explain: its generic words, institutions and more
    specific or extra types without a counterpart in ``ub``."""
    ub_type_words = ub.type_words
    out = [g for g in ua.generic if g not in ub_type_words and not any(_word_match(g, h) for h in ub.generic)]
    ib = ub.implied_institutions
    if not ub.institutions:  # both with institutions: the institution rule decides
        out += [i for i in ua.institutions if not any(_inst_related(i, j) for j in ib)]
    if ub.types:
        head = ua.types[0] if ua.types else None
        if head and head not in ub.types and any(s in _ancestors(head) for s in ub.types):
            out.append(label(head, "en"))  # more specific: "Military Police" for "Police"
        for t in ua.types[1:]:
            if not any(_type_relation(t, s) for s in ub.types):
                out.append(label(t, "en"))
    return out


def _type_words(u: UnitName) -> frozenset[str]:
    return frozenset(w for t in u.types for w in label(t, "en").split())


def _types_agree(ua: UnitName, ub: UnitName) -> bool:
    """The same types in another order ("26 Task Force Brigade Garrison" / "Garrison of 26 Task Force
    Brigade") or in pieces ("SF Bde" = special forces + brigade = "Special Forces Brigade")."""
    if len(ua.types) > 1 and set(ua.types) == set(ub.types):
        return True
    return (len(ua.types) > 1 or len(ub.types) > 1) and _type_words(ua) == _type_words(ub)


def _core(ua: UnitName, ub: UnitName, trace: list | None = None) -> tuple[float, list[str], list[str]]:
    """(score, reasons, conflicts) of two analysed names, parents not considered."""
    parts: list[tuple[float, float, str]] = []  # (weight, similarity, feature)
    why: list[str] = []
    conflicts: list[str] = []
    numbered = bool(ua.numbers or ub.numbers or ua.letters or ub.letters)

    # numbers: 23 never equals 33; "Escadron 4/1" is not "Escadron 4/2"
    if ua.numbers and ub.numbers:
        sa, sb = set(ua.numbers), set(ub.numbers)
        if sa == sb:
            parts.append((W_NUMBER, 1.0, "number"))
            why.append(f"number {_nums(ua.numbers)} = {_nums(ub.numbers)}")
        elif sa & sb and (len(sa) == 1 or len(sb) == 1):
            parts.append((W_NUMBER, 0.5, "number"))
            why.append(f"numbers {_nums(ua.numbers)} share {_nums(tuple(sorted(sa & sb)))} with {_nums(ub.numbers)}")
        else:
            parts.append((W_NUMBER, 0.0, "number"))
            conflicts.append(f"number {_nums(ua.numbers)} != {_nums(ub.numbers)} (conflict)")
    elif ua.numbers or ub.numbers:
        only, side = (ua, "first") if ua.numbers else (ub, "second")
        parts.append((W_NUMBER, 0.3, "number"))
        why.append(f"number {_nums(only.numbers)} only in the {side} name")

    # letter designations: Area 'J' is not Area 'E'
    if ua.letters and ub.letters:
        if set(ua.letters) == set(ub.letters):
            parts.append((W_LETTER, 1.0, "letter"))
            why.append(f"letter {'/'.join(ua.letters).upper()} = {'/'.join(ub.letters).upper()}")
        else:
            parts.append((W_LETTER, 0.0, "letter"))
            conflicts.append(f"letter {'/'.join(ua.letters).upper()} != {'/'.join(ub.letters).upper()} (conflict)")
    elif ua.letters or ub.letters:
        only, side = (ua, "first") if ua.letters else (ub, "second")
        parts.append((W_LETTER, 0.3, "letter"))
        why.append(f"letter {'/'.join(only.letters).upper()} only in the {side} name")

    # type (the head type of each name, or the same set of types in another order)
    if ua.types and ub.types:
        ta, tb = ua.types[0], ub.types[0]
        (fa, la), (fb, lb) = ua.type_forms[0], ub.type_forms[0]
        r = _type_relation(ta, tb)
        if r < 1.0 and _types_agree(ua, ub):
            parts.append((W_TYPE, 1.0, "type"))
            why.append(
                f"types {' '.join(label(t) for t in ua.types)} = {' '.join(label(t) for t in ub.types)} (reordered)"
            )
        elif r == 1.0:
            how = ""
            if fa != fb:
                how = (
                    " (translation)"
                    if {la, lb} == {"es", "en"}
                    else " (abbreviation)"
                    if "abbr" in (la, lb)
                    else " (variant)"
                )
            parts.append((W_TYPE, 1.0, "type"))
            why.append(f"type {fa} = {fb}{how}")
        elif r > 0:
            general, specific = (ua, ub) if ta in _ancestors(tb) else (ub, ua)
            # "Brigada del GAFE" is not a more general "Brigada de Fuerzas Especiales": the
            # general name's other types must fit the specific one
            clash = [t for t in general.types[1:] if not any(_type_relation(t, s) for s in specific.types)]
            if clash:
                parts.append((W_TYPE, 0.0, "type"))
                conflicts.append(
                    f"type {label(general.types[0])} {label(clash[0])} != {label(specific.types[0])} (conflict)"
                )
            else:
                parts.append((W_TYPE, r, "type"))
                why.append(f"type {general.type_forms[0][0]} is a more general name for {specific.type_forms[0][0]}")
        elif any(_type_relation(t, tb) for t in ua.types[1:]) or any(_type_relation(ta, t) for t in ub.types[1:]):
            # "Joint Task Force ... Operation Lafiya Dole" / "Operation Lafiya Dole": the other's type is here too
            parts.append((W_TYPE, 0.8, "type"))
            why.append(f"type {label(tb) if tb in ua.types else label(ta)} in both names")
        else:
            parts.append((W_TYPE, 0.0, "type"))
            conflicts.append(f"type {label(ta)} != {label(tb)} (conflict)")
    elif ua.types or ub.types:
        only, side = (ua, "first") if ua.types else (ub, "second")
        other = ub if ua.types else ua
        # "Ewekoro" for "Ewekoro Police Division": a generic word dropped, weak evidence either way;
        # "Guarnición Militar" for a garrison of a named place is nothing
        s = TYPE_ONE_SIDE if other.places and not (other.institutions or other.numbers) else 0.0 if numbered else 0.3
        parts.append((W_TYPE, s, "type"))
        why.append(f"type {label(only.types[0])} only in the {side} name")

    # institutions: explicit on both sides scores; implied by a type can only conflict
    if ua.institutions and ub.institutions:
        r, x, y = _best_inst(ua.institutions, ub.institutions)
        if r == 1.0:
            parts.append((W_INST, 1.0, "inst"))
            why.append(f"institution {x} = {y}")
        elif r > 0:
            parts.append((W_INST, r, "inst"))
            why.append(f"institution {x} is part of {y}" if y in _ancestors(x) else f"institution {y} is part of {x}")
        else:
            parts.append((W_INST, 0.0, "inst"))
            conflicts.append(f"institution {x} != {y} (conflict)")
    else:
        ia, ib = ua.implied_institutions, ub.implied_institutions
        if ia and ib and _best_inst(ia, ib)[0] == 0.0:
            conflicts.append(f"institution {ia[0]} != {ib[0]} (conflict)")

    # distinctive words: places, operation names, nicknames
    word = "place" if (ua.types or ua.institutions) and (ub.types or ub.institutions) else "name words"
    if ua.places and ub.places:
        m, ma, mb = _place_overlap(ua.places, ub.places)
        extra_a = [p for i, p in enumerate(ua.places) if i not in ma]
        extra_b = [p for j, p in enumerate(ub.places) if j not in mb]
        if m == 0 and "".join(ua.places) == "".join(ub.places):  # "Port Harcourt" / "Portharcourt"
            parts.append((W_PLACE, 1.0, "place"))
            why.append(f"{word} {' '.join(ua.places)} = {' '.join(ub.places)}")
        elif m == 0 or (extra_a and extra_b):
            # different distinctive words on both sides: Oron vs Oyo, Casas Grandes vs Laredo
            parts.append((W_PLACE, 0.0, "place"))
            conflicts.append(f"{word} {' '.join(extra_a or ua.places)} != {' '.join(extra_b or ub.places)} (conflict)")
        elif extra_a or extra_b:
            extra = extra_a or extra_b
            side = "first" if extra_a else "second"
            s = EXTRA_WORD * m / max(len(ua.places), len(ub.places))
            parts.append((W_PLACE, s, "place"))
            why.append(
                f"{word} {' '.join(ua.places)} ~ {' '.join(ub.places)} ({' '.join(extra)} only in the {side} name)"
            )
        else:
            parts.append((W_PLACE, 1.0, "place"))
            why.append(f"{word} {' '.join(ua.places)} = {' '.join(ub.places)}")
    elif ua.places or ub.places:
        only, side = (ua, "first") if ua.places else (ub, "second")
        # without a number, the distinctive word is what tells a garrison or a police force from another
        parts.append((W_PLACE, 0.6 if numbered else PLACE_ONE_SIDE, "place"))
        why.append(f"{word} {' '.join(only.places)} only in the {side} name")

    # qualifiers: generic words, institutions and the extra types of a more specific name. Agreeing
    # ones add a little; different ones on both sides ("Naval Legal Division" / "Naval Material
    # Division", "Logistic Company" / "Support Company") speak against the match
    qa, qb = _qualifiers(ua, ub), _qualifiers(ub, ua)
    if qa and qb:
        parts.append((W_QUALIFIER, 0.0, "qualifier"))
        why.append(f"words {' '.join(qa)} != {' '.join(qb)}")
    elif qa or qb:
        parts.append((W_QUALIFIER, ONE_SIDE_QUALIFIER, "qualifier"))
        why.append(f"words {' '.join(qa or qb)} only in the {'first' if qa else 'second'} name")
    elif ua.generic and ub.generic:
        parts.append((W_GENERIC, 1.0, "generic"))
        why.append(f"words {' '.join(ua.generic)} = {' '.join(ub.generic)}")

    # nationality: "Nigerian Army" / "Army" is no evidence either way; "Nigerian" / "Ghanaian" is a conflict
    if (
        ua.nations
        and ub.nations
        and not any(_token_match(x, y) or x[:4] == y[:4] for x in ua.nations for y in ub.nations)
    ):
        conflicts.append(f"country {' '.join(ua.nations)} != {' '.join(ub.nations)} (conflict)")

    # states
    if ua.states and ub.states:
        w = W_STATE if (ua.places or ub.places) else W_PLACE
        if set(ua.states) & set(ub.states):
            parts.append((w, 1.0, "state"))
            why.append(f"state {label(ua.states[0])} = {label(ub.states[0])}")
        else:
            parts.append((w, 0.0, "state"))
            conflicts.append(f"state {label(ua.states[0])} != {label(ub.states[0])} (conflict)")

    if not parts and not conflicts:
        # nothing recognisable on either side: plain string similarity
        s = fuzz.token_sort_ratio(ua.normalized, ub.normalized) / 100.0 if ua.normalized and ub.normalized else 0.0
        parts = [(1.0, s * 0.8, "text")]
        why.append(f"no unit features; text similarity {s:.2f}")
    if trace is not None:
        trace.extend(parts)
    score = sum(w * s for w, s, _ in parts) / sum(w for w, _, _ in parts)
    if conflicts:
        score = min(score, CONFLICT_CAP) * (0.7 ** (len(conflicts) - 1))
    return max(0.0, min(1.0, score)), why, conflicts


def _core_expanded(ua: UnitName, ub: UnitName, trace: list | None = None) -> tuple[float, list[str], list[str]]:
    """:func:`_core`, with initialisms of either side written out when that explains a distinctive word."""
    ea, why_a = _expand_acronyms(ua, ub)
    eb, why_b = _expand_acronyms(ub, ua)
    if why_a or why_b:
        s, why, conflicts = _core(ea, eb, trace)
        return s, why_a + why_b + why, conflicts
    return _core(ua, ub, trace)


#: the per-feature similarities :func:`unit_features` reports (see ``scripts/fit_unit_regression.py``)
FEATURES = ("number", "letter", "type", "inst", "place", "qualifier", "generic", "state", "text")


def unit_features(a: str, b: str) -> dict[str, float]:
    """The features behind a unit comparison as numbers: for each of :data:`FEATURES` whether it
    was compared (``<f>_on``) and its similarity (``<f>_sim``), the number of conflicts, whether an
    initialism or a parent rule applied, and the hand-weighted score itself."""
    ua, ub = analyze_unit(a), analyze_unit(b)
    trace: list[tuple[float, float, str]] = []
    _, why_flat, conf_flat = _core_expanded(ua, ub, trace)
    out: dict[str, float] = {}
    for f in FEATURES:
        sims = [s for _, s, name in trace if name == f]
        out[f"{f}_on"] = 1.0 if sims else 0.0
        out[f"{f}_sim"] = min(sims) if sims else 0.0
    score, why, conflicts = _score(ua, ub)
    same = (ua.normalized, ua.letters) == (ub.normalized, ub.letters) and bool(ua.normalized)
    out["conflicts"] = 0.0 if same else float(len(conflicts))
    out["flat_conflicts"] = float(len(conf_flat))
    out["acronym"] = 1.0 if any(w.startswith("acronym") for w in why_flat) else 0.0
    out["parent_rule"] = 1.0 if any("parent" in w for w in why + conflicts) else 0.0
    out["same_name"] = 1.0 if same else 0.0
    out["score"] = 1.0 if same else score
    return out


def _same(ua: UnitName, ub: UnitName) -> bool:
    s, _, conflicts = _core_expanded(ua, ub)
    return not conflicts and s >= UNIT_THRESHOLD


def _score(ua: UnitName, ub: UnitName) -> tuple[float, list[str], list[str]]:
    if ua.parent is not None and ub.parent is not None:
        so, why, conflicts = _core_expanded(ua.own, ub.own)
        sp, why_p, conf_p = _core_expanded(ua.parent, ub.parent)
        why += [f"parent: {w}" for w in why_p]
        conflicts += [f"parent: {c}" for c in conf_p]
        s = 0.7 * so + 0.3 * sp
        if conflicts:
            s = min(s, CONFLICT_CAP) * (0.7 ** (len(conflicts) - 1))
        return s, why, conflicts
    if ua.parent is not None or ub.parent is not None:
        child, other = (ua, ub) if ua.parent is not None else (ub, ua)
        own_head = child.own.types[:1]
        carries_own = bool(own_head) and own_head[0] in other.types  # "26 Brigade Garrison": the garrison itself
        if not carries_own and _same(other, child.parent) and not _same(other, child.own):
            return 0.1, [], [f"{other.raw!r} is the parent unit of {child.raw!r}, not the unit (conflict)"]
        s, why, conflicts = _core_expanded(ua, ub)
        so, why_o, conf_o = _core_expanded(child.own, other)
        if not conf_o and so * PARENT_ONE_SIDE > s:
            # "SARS" for "SARS (Bauchi State Police Command)": the unit agrees, its parent is unknown on one side
            return so * PARENT_ONE_SIDE, why_o + [f"parent {child.parent.raw} only in one name"], []
        return s, why, conflicts
    return _core_expanded(ua, ub)


def raw_unit_score(a: str, b: str) -> float:
    """The score of :func:`compare_units` without the explanation (for benchmarks and fitting)."""
    ua, ub = analyze_unit(a), analyze_unit(b)
    if (ua.normalized, ua.letters) == (ub.normalized, ub.letters) and ua.normalized:
        return 1.0
    return _score(ua, ub)[0]


def compare_units(a: str | UnitName, b: str | UnitName, *, threshold: float | None = None, **_features) -> Match:
    """Score two unit names (0..1) from their numbers, letters, types, institutions, distinctive
    words, states and parents.

    A conflict in any hard feature (number 23 vs 33, letter J vs E, Batallón vs Zona Militar, SEMAR
    vs SEDENA, Iguala vs Cocula, Oron vs Oyo, a unit vs its parent) caps the score below the
    ``possible`` tier. Extra keyword features (a person's date of birth...) are accepted and
    ignored, so that the index can pass the same features to every comparer."""
    threshold = UNIT_THRESHOLD if threshold is None else threshold
    ua = a if isinstance(a, UnitName) else analyze_unit(a)
    ub = b if isinstance(b, UnitName) else analyze_unit(b)
    if (ua.normalized, ua.letters) == (ub.normalized, ub.letters) and ua.normalized:
        score, why, conflicts = 1.0, ["same name"], []
    else:
        score, why, conflicts = _score(ua, ub)
    score = round(max(0.0, min(1.0, score)), 4)
    return Match(
        a=ua.raw,
        b=ub.raw,
        kind="unit",
        score=score,
        is_match=score >= threshold and not conflicts,
        explanation=why + conflicts,
        features={
            "a": _feats(ua),
            "b": _feats(ub),
            "conflicts": len(conflicts),
        },
    )


def _feats(u: UnitName) -> dict:
    out = {
        "numbers": list(u.numbers),
        "letters": list(u.letters),
        "types": list(u.types),
        "institutions": list(u.institutions),
        "states": list(u.states),
        "places": list(u.places),
        "generic": list(u.generic),
    }
    if u.parent is not None:
        out["parent"] = u.parent.raw
    return out


def compare_unit_names(query: str, names: list[str] | tuple[str, ...], **features) -> Match:
    """The best match of ``query`` among the names of ONE unit, where a generic alias cannot carry
    a match that the unit's more specific name contradicts.

    "9 Regimiento de Artillería" matches the alias "9º Regimiento" (a more general name) but
    conflicts with the same unit's name "9 Regimiento de Caballería Motorizado": the unit is not
    a match, and the explanation says why. For an entity-level search (the index keeps the best
    name per entity; this is what it should call when an entity has several names)."""
    if not names:
        raise ValueError("a unit needs at least one name")
    ms = [compare_units(query, n, **features) for n in names]
    best = max(ms, key=lambda m: m.score)
    if best.features.get("conflicts"):
        return best
    general = any("more general name" in e or (e.startswith("type ") and "only in the" in e) for e in best.explanation)
    if not general:
        return best
    for m in ms:
        hard = [e for e in m.explanation if e.endswith("(conflict)") and e.startswith(("type ", "number ", "letter "))]
        if hard:
            score = round(min(best.score, CONFLICT_CAP), 4)
            why = best.explanation + [f"but the unit's name {m.b!r}: {hard[0]}"]
            feats = dict(best.features, conflicts=best.features.get("conflicts", 0) + 1)
            return Match(a=best.a, b=best.b, kind="unit", score=score, is_match=False, explanation=why, features=feats)
    return best


# --------------------------------------------------------------------------- blocking keys


def unit_keys(name: str | UnitName) -> set[str]:
    """Blocking keys: two names of the same unit share at least one.

    ``tn:<root type>:<number>`` (e.g. ``tn:battalion:23``) is the selective key of numbered
    units; ``tp:<root type>:<place>`` of place-named ones (garrisons, police forces);
    ``p:``/``pp:`` distinctive words (and 4-letter prefixes, for typos), ``i:`` institutions,
    ``s:`` states, ``n:`` bare numbers, ``t:`` bare types and ``ai:`` the first and last initial
    of a name's words (an initialism gives its first letter with each other letter, so that it
    shares one with its expansion) are broader keys that the index down-weights or
    skips when too common."""
    u = name if isinstance(name, UnitName) else analyze_unit(name)
    keys: set[str] = set()
    roots = {_ancestors(t)[-1] for t in u.types[:1]}
    heads = set(_ancestors(u.types[0])) if u.types else set()
    for n in u.numbers:
        keys.add(f"n:{n}")
        for t in heads | roots:
            keys.add(f"tn:{t}:{n}")
    for t in heads:
        keys.add(f"t:{t}")
    for inst in u.institutions:
        for x in _ancestors(inst):
            keys.add(f"i:{x}")
    for s in u.states:
        keys.add(f"s:{s}")
    for p in u.places:
        keys.add(f"p:{p}")
        if len(p) >= 5:
            keys.add(f"pp:{p[:4]}")
        for r in roots:
            keys.add(f"tp:{r}:{p}")
        if 3 <= len(p) <= 8 and len(u.places) == 1:  # maybe an initialism: its first letter with each other one
            keys.update(f"ai:{p[0]}{c}" for c in p[1:])
    words = [w for w in _words(u) if w not in _vocab().stop]
    if len(words) >= 2 and not u.numbers:
        keys.add(f"ai:{words[0][0]}{words[-1][0]}")
    elif len(words) == 1 and 3 <= len(words[0]) <= 8 and not u.numbers:
        keys.update(f"ai:{words[0][0]}{c}" for c in words[0][1:])
    if not keys:
        keys.update(f"w:{t}" for t in u.tokens)
    return keys

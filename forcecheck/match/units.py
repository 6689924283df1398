"""Unit names: analysis, scoring and blocking keys.

A unit name is read into hard features, each from vocabulary data (``vocab/unit_terms.csv``,
``vocab/ordinals.csv`` and, when present, ``vocab/institutions.csv``):

* **numbers**: digits ("23", "23/o.", "1er", "12ava"), Roman numerals ("XXIII"), ordinal
  and cardinal words in Spanish and English ("Trigésimo Tercer", "twenty-second",
  "número dos"). 23 never equals 33;
* **type**: the kind of unit ("Batallón de Infantería" = "BTN. INF." = "B.I." = "Infantry
  Battalion"), with a parent chain so that "primer Batallón" is a more general way of
  naming "1 Batallón de Infantería", while "Zona Militar" conflicts with it;
* **institution**: SEMAR, SEDENA, PF, PGR, SSP... (and the institution a type implies:
  a Zona Naval belongs to SEMAR, a Zona Militar to the Army), with a parent chain
  (the Army is part of SEDENA);
* **places**: the words left (Iguala, Ojinaga, Nuevo Laredo...) and Mexican **states**
  from their names and abbreviations ("Chih.", "Gro.", "Tamps.").

:func:`compare_units` scores two names from these features and explains itself;
:func:`unit_keys` gives the blocking keys the candidate index uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from forcecheck import settings, vocab
from forcecheck.match.normalize import norm
from forcecheck.match.types import Match

#: Default threshold of ``Match.is_match`` for units.
UNIT_THRESHOLD = settings.match_threshold("unit")

# weights of the features in the score
W_NUMBER, W_TYPE, W_INST, W_PLACE, W_STATE = 3.0, 3.0, 2.0, 2.0, 1.0
CONFLICT_CAP = 0.3
PART_OF = 0.65

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
    for ch, nxt in zip(tok, tok[1:] + " "):
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


def _add(phrases: dict, text: str, term: _Term) -> None:
    key = tuple(norm(text).split())
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
        if kind == "stop":
            stop.update(norm(t) for t in vocab.terms(r["terms_es"]))
            continue
        if kind == "place_word":
            place_words.update(norm(t) for t in vocab.terms(r["terms_es"]) + vocab.terms(r["abbreviations"]) + vocab.terms(r["terms_en"]))
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
    return _Vocab(phrases, max(len(k) for k in phrases), parent, type_inst, labels, numbers, frozenset(suffixes), frozenset(markers), frozenset(stop), frozenset(place_words))


def _ancestors(code: str) -> list[str]:
    """``code`` and its parents, most specific first."""
    parent = _vocab().parent
    out = [code]
    while out[-1] in parent and parent[out[-1]] not in out:
        out.append(parent[out[-1]])
    return out


def label(code: str, lang: str = "es") -> str:
    en, es = _vocab().labels.get(code, (code, code))
    return norm(es if lang == "es" else en)


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
    places: tuple[str, ...] = ()  # the words left: place names and other qualifiers
    tokens: tuple[str, ...] = field(default=(), repr=False)

    @property
    def is_empty(self) -> bool:
        return not (self.numbers or self.types or self.institutions or self.states or self.places)

    @property
    def implied_institutions(self) -> tuple[str, ...]:
        ti = _vocab().type_inst
        return tuple(dict.fromkeys(self.institutions + tuple(ti[t] for t in self.types if t in ti)))

    def canonical(self) -> str:
        """A language-independent string of the features, for cheap fuzzy pre-scoring."""
        parts = [str(n) for n in self.numbers] + list(self.types[:1]) + list(self.institutions) + list(self.places) + list(self.states)
        return " ".join(parts) or self.normalized


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
        out.append(tok)
    return out


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


@lru_cache(maxsize=500_000)
def analyze_unit(name: str) -> UnitName:
    """Read a unit name into numbers, type, institution, states and places (see the module doc)."""
    v = _vocab()
    toks = _tokens(name or "")
    numbers: list[int] = []
    types: list[str] = []
    forms: list[tuple[str, str]] = []
    insts: list[str] = []
    states: list[str] = []
    places: list[str] = []
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
        if tok in v.markers and i + 1 < n and _number_word(toks, i + 1):
            i += 1
            continue
        num = _number_word(toks, i)
        if num is not None:
            numbers.append(num[0])
            i += num[1]
            continue
        if tok not in v.stop and tok not in v.place_words and not tok.isdigit():
            places.append(tok)
        i += 1
    return UnitName(
        raw=name,
        normalized=" ".join(toks),
        numbers=tuple(dict.fromkeys(numbers)),
        types=tuple(types),
        type_forms=tuple(forms),
        institutions=tuple(dict.fromkeys(insts)),
        states=tuple(dict.fromkeys(states)),
        places=tuple(dict.fromkeys(places)),
        tokens=tuple(toks),
    )


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
    return fuzz.ratio(a, b) >= 85


def _place_overlap(pa: tuple[str, ...], pb: tuple[str, ...]) -> int:
    used: set[int] = set()
    m = 0
    for x in pa:
        for j, y in enumerate(pb):
            if j not in used and _token_match(x, y):
                used.add(j)
                m += 1
                break
    return m


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


def compare_units(a: str | UnitName, b: str | UnitName, *, threshold: float | None = None, **_features) -> Match:
    """Score two unit names (0..1) from their numbers, types, institutions, places and states.

    A conflict in any hard feature (number 23 vs 33, Batallón vs Zona Militar, SEMAR vs
    SEDENA, Iguala vs Cocula) caps the score below the threshold. Extra keyword features
    (a person's date of birth...) are accepted and ignored, so that the index can pass the
    same features to every comparer."""
    threshold = UNIT_THRESHOLD if threshold is None else threshold
    ua = a if isinstance(a, UnitName) else analyze_unit(a)
    ub = b if isinstance(b, UnitName) else analyze_unit(b)
    parts: list[tuple[float, float]] = []  # (weight, similarity)
    why: list[str] = []
    conflicts: list[str] = []
    numbered = bool(ua.numbers or ub.numbers)

    # numbers
    if ua.numbers and ub.numbers:
        sa, sb = set(ua.numbers), set(ub.numbers)
        if sa == sb:
            parts.append((W_NUMBER, 1.0))
            why.append(f"number {_nums(ua.numbers)} = {_nums(ub.numbers)}")
        elif sa & sb:
            parts.append((W_NUMBER, 0.7))
            why.append(f"numbers {_nums(ua.numbers)} share {_nums(tuple(sorted(sa & sb)))} with {_nums(ub.numbers)}")
        else:
            parts.append((W_NUMBER, 0.0))
            conflicts.append(f"number {_nums(ua.numbers)} != {_nums(ub.numbers)} (conflict)")
    elif numbered:
        only, side = (ua, "first") if ua.numbers else (ub, "second")
        parts.append((W_NUMBER, 0.3))
        why.append(f"number {_nums(only.numbers)} only in the {side} name")

    # type (the head type of each name)
    if ua.types and ub.types:
        ta, tb = ua.types[0], ub.types[0]
        (fa, la), (fb, lb) = ua.type_forms[0], ub.type_forms[0]
        r = _type_relation(ta, tb)
        if r == 1.0:
            how = ""
            if fa != fb:
                how = " (translation)" if {la, lb} == {"es", "en"} else " (abbreviation)" if "abbr" in (la, lb) else " (variant)"
            parts.append((W_TYPE, 1.0))
            why.append(f"type {fa} = {fb}{how}")
        elif r > 0:
            general, specific = (ua, ub) if ta in _ancestors(tb) else (ub, ua)
            # "Brigada del GAFE" is not a more general "Brigada de Fuerzas Especiales": the
            # general name's other types must fit the specific one
            clash = [t for t in general.types[1:] if not any(_type_relation(t, s) for s in specific.types)]
            if clash:
                parts.append((W_TYPE, 0.0))
                conflicts.append(f"type {label(general.types[0])} {label(clash[0])} != {label(specific.types[0])} (conflict)")
            else:
                parts.append((W_TYPE, r))
                why.append(f"type {general.type_forms[0][0]} is a more general name for {specific.type_forms[0][0]}")
        else:
            parts.append((W_TYPE, 0.0))
            conflicts.append(f"type {label(ta)} != {label(tb)} (conflict)")
    elif ua.types or ub.types:
        only, side = (ua, "first") if ua.types else (ub, "second")
        parts.append((W_TYPE, 0.3))
        why.append(f"type {label(only.types[0])} only in the {side} name")

    # institutions: explicit on both sides scores; implied by a type can only conflict
    if ua.institutions and ub.institutions:
        r, x, y = _best_inst(ua.institutions, ub.institutions)
        if r == 1.0:
            parts.append((W_INST, 1.0))
            why.append(f"institution {x} = {y}")
        elif r > 0:
            parts.append((W_INST, r))
            why.append(f"institution {x} is part of {y}" if y in _ancestors(x) else f"institution {y} is part of {x}")
        else:
            parts.append((W_INST, 0.0))
            conflicts.append(f"institution {x} != {y} (conflict)")
    else:
        ia, ib = ua.implied_institutions, ub.implied_institutions
        if ia and ib and _best_inst(ia, ib)[0] == 0.0:
            conflicts.append(f"institution {ia[0]} != {ib[0]} (conflict)")

    # places (and other qualifying words)
    word = "place" if (ua.types or ua.institutions) and (ub.types or ub.institutions) else "name words"
    if ua.places and ub.places:
        m = _place_overlap(ua.places, ub.places)
        lo, hi = sorted((len(ua.places), len(ub.places)))
        if m == 0:
            parts.append((W_PLACE, 0.0))
            conflicts.append(f"{word} {' '.join(ua.places)} != {' '.join(ub.places)} (conflict)")
        else:
            s = 0.7 * m / lo + 0.3 * m / hi
            parts.append((W_PLACE, s))
            eq = "=" if s == 1.0 else "~"
            why.append(f"{word} {' '.join(ua.places)} {eq} {' '.join(ub.places)}")
    elif ua.places or ub.places:
        only, side = (ua, "first") if ua.places else (ub, "second")
        # without a number, the place is what tells a garrison or a police force from another
        parts.append((W_PLACE, 0.6 if numbered else 0.0))
        why.append(f"{word} {' '.join(only.places)} only in the {side} name")

    # states
    if ua.states and ub.states:
        w = W_STATE if (ua.places or ub.places) else W_PLACE
        if set(ua.states) & set(ub.states):
            parts.append((w, 1.0))
            why.append(f"state {label(ua.states[0])} = {label(ub.states[0])}")
        else:
            parts.append((w, 0.0))
            conflicts.append(f"state {label(ua.states[0])} != {label(ub.states[0])} (conflict)")

    if not parts:
        # nothing recognisable on either side: plain string similarity
        s = fuzz.token_sort_ratio(ua.normalized, ub.normalized) / 100.0 if ua.normalized and ub.normalized else 0.0
        parts.append((1.0, s))
        why.append(f"no unit features; text similarity {s:.2f}")
    score = sum(w * s for w, s in parts) / sum(w for w, _ in parts)
    if conflicts:
        score = min(score, CONFLICT_CAP) * (0.7 ** (len(conflicts) - 1))
    score = round(max(0.0, min(1.0, score)), 4)
    return Match(
        a=ua.raw,
        b=ub.raw,
        kind="unit",
        score=score,
        is_match=score >= threshold and not conflicts,
        explanation=why + conflicts,
        features={
            "a": {"numbers": list(ua.numbers), "types": list(ua.types), "institutions": list(ua.institutions), "states": list(ua.states), "places": list(ua.places)},
            "b": {"numbers": list(ub.numbers), "types": list(ub.types), "institutions": list(ub.institutions), "states": list(ub.states), "places": list(ub.places)},
            "conflicts": len(conflicts),
        },
    )


# --------------------------------------------------------------------------- blocking keys


def unit_keys(name: str | UnitName) -> set[str]:
    """Blocking keys: two names of the same unit share at least one.

    ``tn:<root type>:<number>`` (e.g. ``tn:battalion:23``) is the selective key of numbered
    units; ``tp:<root type>:<place>`` of place-named ones (garrisons, police forces);
    ``p:``/``pp:`` place words (and 4-letter prefixes, for typos), ``i:`` institutions,
    ``s:`` states, ``n:`` bare numbers and ``t:`` bare types are broader keys that the index
    down-weights or skips when too common."""
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
    if not keys:
        keys.update(f"w:{t}" for t in u.tokens)
    return keys

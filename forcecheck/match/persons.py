"""Person-name analysis and scoring (and a simpler scorer for organisation, vessel and other names).

``analyze_person(name)`` splits a name into given names and surnames (Spanish naming: given
names, paternal and maternal surname; OFAC order ``SURNAMES, Given names``), strips ranks and
titles (kept as features), nicknames ("El Chapo", quoted, "alias ..."), particles (de, del, de
la, y, al, bin), folds accents and scripts (normality), and computes phonetic keys.

``compare_persons(a, b, dob=..., country=..., sex=...)`` aligns the name tokens of both sides
(exact, nickname, initial, truncation, phonetic, fuzzy), then scores coverage: unmatched tokens
that sit in the same place on both sides are *conflicts* ("Joaquín" vs "Ovidio"), unmatched
tokens present on one side only are *extras* (a missing maternal surname). Birth date, country
and sex conflicts lower the score. Every step is written into the explanation.

Domain words (ranks, particles, hypocorisms) are data in ``forcecheck/vocab/*.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import JaroWinkler, Levenshtein

from .. import settings, vocab
from .normalize import norm
from .types import Match

#: Default decision thresholds, chosen on labelled data (see docs/benchmarks.md, "Matching accuracy").
PERSON_THRESHOLD = settings.match_threshold("person")
ORGANIZATION_THRESHOLD = settings.match_threshold("organization")

# Scoring parameters. Set by hand from the rules, then the weights and the thresholds were chosen by
# a small grid search (best mean F1) on name_bench and the *tuning* half of the OFAC pairs only;
# the held-out OFAC half and the SFM pairs were not used (benchmarks/match_accuracy_bench.py).
P = {
    "token_match": 0.78,  # per-token similarity from which two tokens are aligned
    "nickname": 0.95,
    "initial": 0.80,
    "truncation": 0.88,
    "phonetic": 0.93,
    "joined": 0.95,
    "fuzzy_k": 1.5,  # a fuzzy token pair counts 1 - k * (1 - similarity): near misses cost more than their raw distance
    "extra": 0.30,  # denominator weight of a token present on one side only
    "extra_single": 0.70,  # ... when only one token matched at all (a lone shared surname is weak evidence)
    "conflict": 3.00,  # denominator weight of a pair of different tokens in the same place
    "conflict_maternal": 0.90,  # ... when it is the second surname of a 'SURNAMES, Given' name (married names, OFAC aliases)
    "crossed": 0.90,  # factor when the alignment crosses (token order differs) and neither side gave the order
    "org_extra": 0.70,  # organisations: a word present on one side only (a qualifier: 'Mexico', 'Trust')
    "org_conflict": 2.50,
    "org_number_conflict": 0.80,
    "org_form_conflict": 0.88,
    "order_swap": 0.92,  # factor when both sides have a known order and given/surname roles cross
    "single_token_cap": 0.62,  # cap when the whole match rests on one token of a multi-token name
    "alias_only": 0.85,  # a nickname alone ("El Chapo") found among the other side's names
    "dob_day_conflict": 0.45,
    "dob_year_conflict": 0.55,
    "dob_agree": 1.05,
    "country_conflict": 0.80,
    "sex_conflict": 0.75,
}

# ----------------------------------------------------------------------------- vocabularies


@lru_cache(maxsize=None)
def _ranks() -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """(normalised token sequence, code, kind), longest first so that 'general de brigada' wins over 'general'."""
    out = []
    for row in vocab.load("ranks"):
        for variant in vocab.terms(row["variants"]) + [row["label_en"], row["label_es"]]:
            toks = tuple(norm(variant).split())
            if toks:
                out.append((toks, row["code"], row["kind"]))
    return tuple(sorted(set(out), key=lambda x: -len(x[0])))


@lru_cache(maxsize=None)
def _particles() -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({tuple(norm(r["code"]).split()) for r in vocab.load("name_particles")}, key=lambda x: -len(x)))


@lru_cache(maxsize=None)
def _nicknames() -> dict[str, frozenset[str]]:
    """token -> canonical forms it may stand for (itself included when it is a canonical name)."""
    canon: dict[str, set[str]] = {}
    for row in vocab.load("nicknames"):
        code = norm(row["code"])
        canon.setdefault(code, set()).add(code)
        for v in vocab.terms(row["variants"]):
            canon.setdefault(norm(v), set()).add(code)
    return {k: frozenset(v) for k, v in canon.items()}


def nickname_forms(token: str) -> frozenset[str]:
    return _nicknames().get(token, frozenset((token,)))


# ----------------------------------------------------------------------------- phonetics


# Hand-written because jellyfish/rigour metaphone and soundex are English-centric: they keep b/v
# apart, read Spanish 'j'/'g(e,i)'/'x' as different sounds and 'll'/'y' differently, which are
# exactly the spelling variants of Mexican names (Espinosa/Espinoza, Váldez/Baldez, Mújica/Múgica).
_PHON_RULES = [
    (re.compile(r"ph"), "f"),
    (re.compile(r"ch"), "X"),
    (re.compile(r"ll"), "y"),
    (re.compile(r"qu(?=[ei])"), "k"),
    (re.compile(r"gu(?=[ei])"), "g"),
    (re.compile(r"g(?=[ei])"), "j"),
    (re.compile(r"c(?=[ei])"), "s"),
    (re.compile(r"[ckq]"), "k"),
    (re.compile(r"x(?=[aeiou])"), "j"),
    (re.compile(r"[zs]"), "s"),
    (re.compile(r"v"), "b"),
    (re.compile(r"w"), "u"),
    (re.compile(r"h"), ""),
    (re.compile(r"y(?![aeiou])"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
]


@lru_cache(maxsize=100_000)
def spanish_phonetic(token: str) -> str:
    """A Spanish-aware phonetic key: 'espinoza' -> 'espinosa', 'baldes' == 'valdez', 'mujica' == 'mugica'."""
    t = token
    for rx, rep in _PHON_RULES:
        t = rx.sub(rep, t)
    return t


# ----------------------------------------------------------------------------- analysis

_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]{2,40})[\"“”«»]|(?<![A-Za-zÀ-ÿ])'([^']{2,40})'(?![A-Za-zÀ-ÿ])")
_ALIAS_MARK = re.compile(r"\s*(?:\(a\)|\ba\.?\s?k\.?\s?a\.?|\balias\b|\bapodado\b|\b(?:el|la) apodo\b|\bf\.?k\.?a\.?)\s*[:\-]?\s*", re.I)
_PAREN = re.compile(r"\(([^()]*)\)")
_NICK_ARTICLES = ("el", "la", "los", "las")


@dataclass(frozen=True)
class PersonName:
    """A person's name taken apart. ``given`` and ``surnames`` hold normalised tokens (ASCII, lower
    case, particles removed); ``order_known`` is True when the source said which is which
    ('SURNAMES, Given'); ``titles`` are rank/title codes from vocab/ranks.csv; ``aliases`` are
    nicknames ('chapo')."""

    original: str
    given: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    order_known: bool = False
    titles: tuple[str, ...] = ()
    title_kinds: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    particles: tuple[str, ...] = ()

    @property
    def tokens(self) -> tuple[str, ...]:
        """Given names then surnames (the display order of a Spanish name)."""
        return self.given + self.surnames

    @property
    def paternal(self) -> str | None:
        return self.surnames[0] if self.surnames else None

    @property
    def maternal(self) -> str | None:
        return self.surnames[1] if len(self.surnames) > 1 else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "original": self.original,
            "given": list(self.given),
            "surnames": list(self.surnames),
            "paternal": self.paternal,
            "maternal": self.maternal,
            "order_known": self.order_known,
            "titles": list(self.titles),
            "aliases": list(self.aliases),
        }


def _strip_titles(toks: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Remove leading rank/title phrases (several may stack: 'gral brig dem'), keeping at least one token."""
    found: list[tuple[str, str]] = []
    changed = True
    while changed and len(toks) > 1:
        changed = False
        for seq, code, kind in _ranks():
            n = len(seq)
            if len(toks) > n and tuple(toks[:n]) == seq:
                found.append((code, kind))
                toks = toks[n:]
                changed = True
                break
    return toks, found


def _strip_particles(toks: list[str], *, leading_ok: bool) -> tuple[list[str], list[str]]:
    """Drop particles that precede another name token ('de la Cruz' -> 'cruz', 'al-Assad' -> 'assad').
    A particle that is the first token of an uncommaed name is kept ('Ben Netanyahu')."""
    out: list[str] = []
    dropped: list[str] = []
    i = 0
    while i < len(toks):
        hit = None
        if i > 0 or leading_ok:
            for seq in _particles():
                n = len(seq)
                if tuple(toks[i : i + n]) == seq and i + n < len(toks):
                    hit = n
                    break
        if hit:
            dropped.append(" ".join(toks[i : i + hit]))
            i += hit
        else:
            out.append(toks[i])
            i += 1
    return out, dropped


def _split_nicknames(name: str) -> tuple[str, list[str]]:
    """Pull quoted, 'alias'/'a.k.a.'/'(a)' nicknames out of a name string."""
    aliases: list[str] = []

    def take(m: re.Match) -> str:
        aliases.append(m.group(1) or m.group(2))
        return " "

    rest = _QUOTED.sub(take, name)
    parts = _ALIAS_MARK.split(rest, maxsplit=1)
    if len(parts) == 2:
        rest, tail = parts
        aliases.extend(a for a in re.split(r"[;,/]| o | or ", tail) if a.strip())
    # a parenthesised part that is not an alias marker: '(El Chapo)'
    def paren(m: re.Match) -> str:
        inner = m.group(1).strip()
        if inner:
            aliases.append(inner)
        return " "

    rest = _PAREN.sub(paren, rest)
    out = []
    for a in aliases:
        t = norm(a).split()
        if t and t[0] in _NICK_ARTICLES and len(t) > 1:
            t = t[1:]
        if t:
            out.append(" ".join(t))
    return rest, out


_VOWELS = set("aeiouy")


def _split_initials(toks: list[str]) -> list[str]:
    """'jc juncker' -> 'j c juncker': a 2-3 letter token without a vowel is a run of initials."""
    out: list[str] = []
    for t in toks:
        if 2 <= len(t) <= 3 and t.isalpha() and not (set(t) & _VOWELS):
            out.extend(t)
        else:
            out.append(t)
    return out


@lru_cache(maxsize=100_000)
def analyze_person(name: str) -> PersonName:
    """Take a person's name apart; see ``PersonName``. Never raises on odd input (empty -> empty name)."""
    raw = name or ""
    rest, aliases = _split_nicknames(raw)
    order_known = False
    if "," in rest:
        sur_part, _, given_part = rest.partition(",")
        given_part = given_part.replace(",", " ")
        sur_toks, given_toks = norm(sur_part).split(), norm(given_part).split()
        if sur_toks and given_toks:
            order_known = True
        else:
            given_toks, sur_toks = norm(rest).split(), []
    else:
        given_toks, sur_toks = norm(rest).split(), []

    given_toks = _split_initials(given_toks)
    titles: list[tuple[str, str]] = []
    if order_known:
        given_toks, t = _strip_titles(given_toks)
        titles += t
        sur_toks, t = _strip_titles(sur_toks)
        titles += t
        sur_toks, p1 = _strip_particles(sur_toks, leading_ok=True)
        given_toks, p2 = _strip_particles(given_toks, leading_ok=False)
        particles = p1 + p2
    else:
        toks, titles = _strip_titles(given_toks)
        # a name that is only 'El X' is a nickname ('El Chapo'), not a person with a particle
        if len(toks) == 2 and toks[0] in _NICK_ARTICLES and not aliases:
            aliases.append(toks[1])
            toks = []
        toks, particles = _strip_particles(toks, leading_ok=False)
        # Uncommaed order: Spanish convention, given names first; the last two tokens are the
        # paternal and maternal surnames when there are three or more, the last one otherwise.
        if len(toks) >= 3:
            given_toks, sur_toks = toks[:-2], toks[-2:]
        elif len(toks) == 2:
            given_toks, sur_toks = toks[:1], toks[1:]
        else:
            given_toks, sur_toks = toks, []
    return PersonName(
        original=raw,
        given=tuple(given_toks),
        surnames=tuple(sur_toks),
        order_known=order_known,
        titles=tuple(c for c, _ in titles),
        title_kinds=tuple(k for _, k in titles),
        aliases=tuple(dict.fromkeys(aliases)),
        particles=tuple(particles),
    )


# ----------------------------------------------------------------------------- token similarity


@lru_cache(maxsize=500_000)
def token_similarity(a: str, b: str) -> tuple[float, str]:
    """Similarity of two normalised name tokens, 0..1, and how they matched."""
    if a == b:
        return 1.0, "exact"
    if len(a) == 1 or len(b) == 1:
        if a[0] == b[0]:
            return P["initial"], "initial"
        return 0.0, "different"
    if nickname_forms(a) & nickname_forms(b):
        return P["nickname"], "nickname"
    # rapidfuzz for edit distance: Jaro-Winkler rewards a shared start, Levenshtein penalises
    # length differences; their mean separates 'amado'/'armando' from 'mohamed'/'ahmed' better than either
    fuzzy = 0.5 * JaroWinkler.similarity(a, b) + 0.5 * Levenshtein.normalized_similarity(a, b)
    if min(len(a), len(b)) <= 4:
        # one letter in four is a different name ('tong'/'song', 'khan'/'khaja'), not a typo
        fuzzy *= 0.92
    pa, pb = spanish_phonetic(a), spanish_phonetic(b)
    if pa == pb:
        return max(P["phonetic"], fuzzy), "phonetic"
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 3:
        return max(P["truncation"], fuzzy), "truncated"
    if 0.5 * JaroWinkler.similarity(pa, pb) + 0.5 * Levenshtein.normalized_similarity(pa, pb) > fuzzy + 0.05:
        pfuzzy = 0.5 * JaroWinkler.similarity(pa, pb) + 0.5 * Levenshtein.normalized_similarity(pa, pb)
        return min(pfuzzy, 0.92), "similar sound"
    return fuzzy, "similar spelling"


# ----------------------------------------------------------------------------- alignment


@dataclass
class Alignment:
    pairs: list[tuple[int, int, float, str]] = field(default_factory=list)  # (i in a, j in b, sim, how)
    joined: list[tuple[tuple[int, ...], tuple[int, ...], str]] = field(default_factory=list)
    conflicts: list[tuple[int, int, float]] = field(default_factory=list)
    extra_a: list[int] = field(default_factory=list)
    extra_b: list[int] = field(default_factory=list)


def align(ta: tuple[str, ...], tb: tuple[str, ...], *, abbreviations: bool = False) -> Alignment:
    """Greedy best-first alignment of two token lists (names are short: at most a few dozen pairs).
    ``abbreviations``: a word may be a prefix of the other ('corp' = 'corporation'; organisations)."""
    cands = []
    for i, x in enumerate(ta):
        for j, y in enumerate(tb):
            s, how = token_similarity(x, y)
            if abbreviations and s < P["token_match"] and min(len(x), len(y)) >= 3 and (x.startswith(y) or y.startswith(x)):
                s, how = 0.9, "abbreviation"
            if s >= P["token_match"]:
                # prefer exact and in-order pairs on ties
                cands.append((s, -abs(i / max(len(ta), 1) - j / max(len(tb), 1)), i, j, how))
    cands.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    al = Alignment()
    for s, _, i, j, how in cands:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        al.pairs.append((i, j, s, how))
    # word joining / splitting: 'mohammadhasni' = 'mohammad hasni', 'jinping' = 'jin ping'
    for side_a, side_b, used_x, used_y, flip in ((ta, tb, used_a, used_b, False), (tb, ta, used_b, used_a, True)):
        for j, y in enumerate(side_b):
            if j in used_y:
                continue
            for i in range(len(side_a) - 1):
                if i in used_x or i + 1 in used_x:
                    continue
                joined = side_a[i] + side_a[i + 1]
                if joined == y or (len(y) > 5 and token_similarity(joined, y)[0] >= 0.9):
                    used_x.update((i, i + 1))
                    used_y.add(j)
                    al.joined.append(((j,), (i, i + 1), y) if flip else ((i, i + 1), (j,), y))
                    break
    ua = [i for i in range(len(ta)) if i not in used_a]
    ub = [j for j in range(len(tb)) if j not in used_b]
    # unmatched tokens in the same gap between aligned anchors are conflicts (different names in the
    # same place); the rest are extras (a name present on one side only)
    anchors = sorted((i, j) for i, j, _, _ in al.pairs)

    def gap_a(i: int) -> int:
        return sum(1 for ai, _ in anchors if ai < i)

    def gap_b(j: int) -> int:
        return sum(1 for _, bj in anchors if bj < j)

    by_gap_a: dict[int, list[int]] = {}
    by_gap_b: dict[int, list[int]] = {}
    for i in ua:
        by_gap_a.setdefault(gap_a(i), []).append(i)
    for j in ub:
        by_gap_b.setdefault(gap_b(j), []).append(j)
    for g in sorted(set(by_gap_a) | set(by_gap_b)):
        xs, ys = by_gap_a.get(g, []), by_gap_b.get(g, [])
        while xs and ys:
            # pair the most similar remaining tokens of the gap
            best = max(((token_similarity(ta[i], tb[j])[0], i, j) for i in xs for j in ys))
            al.conflicts.append((best[1], best[2], best[0]))
            xs.remove(best[1])
            ys.remove(best[2])
        al.extra_a += xs
        al.extra_b += ys
    return al


# ----------------------------------------------------------------------------- scoring


def _dob_parts(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(p for p in re.split(r"[-/.]", str(value).strip()) if p and p.strip("0"))


def _qualifiers(dob_a, dob_b, country_a, country_b, sex_a, sex_b) -> tuple[float, list[str], dict]:
    factor, expl, feats = 1.0, [], {}
    da, db = _dob_parts(dob_a), _dob_parts(dob_b)
    if da and db:
        if da[0] != db[0]:
            factor *= P["dob_year_conflict"]
            expl.append(f"conflict: birth date {dob_a} vs {dob_b} (different year)")
            feats["dob"] = "year_conflict"
        else:
            common = min(len(da), len(db))
            if da[:common] != db[:common]:
                factor *= P["dob_day_conflict"]
                expl.append(f"conflict: birth date {dob_a} vs {dob_b} (same year, different month or day)")
                feats["dob"] = "day_conflict"
            else:
                factor *= P["dob_agree"]
                expl.append(f"birth date {dob_a} agrees with {dob_b}")
                feats["dob"] = "agree"
    ca = {norm(c) for c in _as_list(country_a)}
    cb = {norm(c) for c in _as_list(country_b)}
    if ca and cb:
        if ca & cb:
            feats["country"] = "agree"
            expl.append(f"country {', '.join(sorted(ca & cb))} agrees")
        else:
            factor *= P["country_conflict"]
            feats["country"] = "conflict"
            expl.append(f"conflict: country {', '.join(sorted(ca))} vs {', '.join(sorted(cb))}")
    sa, sb = norm(sex_a or "")[:1], norm(sex_b or "")[:1]
    if sa in "mfhw" and sb in "mfhw" and sa and sb:
        # m/h (hombre) = male, f/w (woman)/m (mujer) are ambiguous in Spanish: read 'mujer'/'hombre' whole
        ma, mb = _sex(sex_a), _sex(sex_b)
        if ma and mb and ma != mb:
            factor *= P["sex_conflict"]
            feats["sex"] = "conflict"
            expl.append(f"conflict: sex {ma} vs {mb}")
    return factor, expl, feats


def _sex(value: str | None) -> str | None:
    v = norm(value or "")
    if v in ("m", "male", "man", "masculino", "hombre", "h", "varon"):
        return "male"
    if v in ("f", "female", "woman", "femenino", "mujer", "w"):
        return "female"
    return None


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [v for v in re.split(r"[;,]", value) if v.strip()]
    return [str(v) for v in value if v]


def _name_score(
    ta: tuple[str, ...],
    tb: tuple[str, ...],
    *,
    role_a=None,
    role_b=None,
    extra: float | None = None,
    conflict: float | None = None,
    soft_conflict_a: frozenset[int] = frozenset(),
    soft_conflict_b: frozenset[int] = frozenset(),
    abbreviations: bool = False,
) -> tuple[float, list[str], dict]:
    """Score two token sequences; roles (per token 'given'/'surname' or None) make the words clearer.
    ``soft_conflict_a``: positions in ``ta`` where a conflict costs ``conflict_maternal`` only."""
    al = align(ta, tb, abbreviations=abbreviations)
    expl: list[str] = []

    def role(r, k):
        return (r[k] if r else None) or "name"

    num = 0.0
    den = 0.0
    for i, j, s, how in sorted(al.pairs):
        num += max(0.0, 1.0 - P["fuzzy_k"] * (1.0 - s))
        den += 1
        sym = "=" if how == "exact" else "~"
        expl.append(f"{role(role_a, i)} '{ta[i]}' {sym} '{tb[j]}' ({how}{'' if how == 'exact' else f', {s:.2f}'})")
    for xa, xb, y in al.joined:
        num += P["joined"] * 2
        den += 2
        expl.append(f"name '{' '.join(ta[i] for i in xa)}' ~ '{' '.join(tb[j] for j in xb)}' (written together / apart)")
    n_matched = len(al.pairs) + 2 * len(al.joined)
    for i, j, s in al.conflicts:
        # a near-miss pair ('amado'/'armando' below the alignment threshold) costs less than a clear difference
        base = P["conflict_maternal"] if (i in soft_conflict_a or j in soft_conflict_b) else (P["conflict"] if conflict is None else conflict)
        w = base * (1.0 - max(0.0, s - 0.5))
        num += max(0.0, s - 0.5)
        den += w
        expl.append(f"conflict: {role(role_a, i)} '{ta[i]}' vs '{tb[j]}' (different, {s:.2f})")
    extra_w = (P["extra"] if extra is None else extra) if n_matched >= 2 else max(P["extra_single"], extra or 0.0)
    for i in al.extra_a:
        den += extra_w * (0.5 if len(ta[i]) == 1 else 1.0)
        expl.append(f"{role(role_a, i)} '{ta[i]}' missing in b")
    for j in al.extra_b:
        den += extra_w * (0.5 if len(tb[j]) == 1 else 1.0)
        expl.append(f"{role(role_b, j)} '{tb[j]}' missing in a")
    score = num / den if den else 0.0
    if n_matched == 1 and (len(ta) > 1 or len(tb) > 1):
        score = min(score, P["single_token_cap"])
    # nothing but initials matched: 'J. G.' says little
    if al.pairs and all(how == "initial" for _, _, _, how in al.pairs) and not al.joined:
        score = min(score, 0.5)
    anchors = sorted(al.pairs)
    crossed = any(anchors[k][1] > anchors[k + 1][1] for k in range(len(anchors) - 1))
    feats = {"crossed": crossed, "matched": n_matched, "conflicts": len(al.conflicts), "extra_a": len(al.extra_a), "extra_b": len(al.extra_b), "_al": al}
    return score, expl, feats


def compare_persons(
    a: str,
    b: str,
    *,
    dob: str | None = None,
    dob_b: str | None = None,
    country: Any = None,
    country_b: Any = None,
    sex: str | None = None,
    sex_b: str | None = None,
    threshold: float | None = None,
    **_ignored: Any,
) -> Match:
    """Compare two person names. ``dob``/``country``/``sex`` describe ``a``; ``dob_b``/``country_b``/
    ``sex_b`` describe ``b`` (a conflict is only counted when both sides have the value)."""
    pa, pb = analyze_person(a), analyze_person(b)
    ta, tb = pa.tokens, pb.tokens
    role_a = ["given name"] * len(pa.given) + ["surname"] * len(pa.surnames)
    role_b = ["given name"] * len(pb.given) + ["surname"] * len(pb.surnames)
    if not pa.order_known and len(pa.tokens) <= 1:
        role_a = None
    if not pb.order_known and len(pb.tokens) <= 1:
        role_b = None
    expl: list[str] = []
    # the second surname of an explicit 'SURNAMES, Given' name: a different one there is often a
    # married name or a clerical variant (OFAC: 'MEZA GASTELLUM, Arturo' = 'MEZA CAZARES, Arturo')
    soft_a = frozenset([len(pa.given) + 1]) if pa.order_known and len(pa.surnames) >= 2 else frozenset()
    soft_b = frozenset([len(pb.given) + 1]) if pb.order_known and len(pb.surnames) >= 2 else frozenset()
    if ta and tb:
        score, name_expl, feats = _name_score(ta, tb, role_a=role_a, role_b=role_b, soft_conflict_a=soft_a, soft_conflict_b=soft_b)
    else:
        score, name_expl, feats = 0.0, [], {"matched": 0}
    if feats.get("crossed") and not (pa.order_known or pb.order_known):
        score *= P["crossed"]
        name_expl.append("the names are in a different order")
    al = feats.pop("_al", None)
    expl += name_expl
    # role crossing: both sides say which part is the surname and the surname matched a given name
    if al and pa.order_known and pb.order_known:
        ra, rb = role_a or [], role_b or []
        crossed = [(i, j) for i, j, _, _ in al.pairs if ra and rb and ra[i] != rb[j]]
        if crossed and len(crossed) == len(al.pairs):
            score *= P["order_swap"]
            expl.append("given names and surnames are swapped between a and b")
    # nicknames / aliases: 'El Chapo' against 'GUZMAN, Chapo' or "Joaquín 'El Chapo' Guzmán"
    alias_hits = _alias_hits(pa, pb)
    if alias_hits:
        if not (ta and tb):
            score = max(score, P["alias_only"])
        else:
            score = min(1.0, score + 0.5 * (1.0 - score)) if score >= 0.4 else score
        expl += alias_hits
    if pa.titles or pb.titles:
        feats["titles_a"], feats["titles_b"] = list(pa.titles), list(pb.titles)
        if pa.titles:
            expl.append(f"rank/title of a: {', '.join(vocab.label('ranks', c) for c in pa.titles)} (not compared)")
        if pb.titles:
            expl.append(f"rank/title of b: {', '.join(vocab.label('ranks', c) for c in pb.titles)} (not compared)")
    # missing maternal surname, in words an analyst expects
    if pa.order_known or pb.order_known or (len(ta) >= 3 or len(tb) >= 3):
        if len(pa.surnames) == 1 and len(pb.surnames) == 2 and pa.surnames[0] in pb.surnames:
            expl.append("maternal surname missing in a")
        elif len(pb.surnames) == 1 and len(pa.surnames) == 2 and pb.surnames[0] in pa.surnames:
            expl.append("maternal surname missing in b")
    factor, q_expl, q_feats = _qualifiers(dob, dob_b, country, country_b, sex, sex_b)
    score = max(0.0, min(1.0, score * factor))
    expl += q_expl
    feats.update(q_feats)
    feats["name_a"], feats["name_b"] = pa.as_dict(), pb.as_dict()
    t = PERSON_THRESHOLD if threshold is None else threshold
    if not expl:
        expl.append("no name parts in common")
    return Match(a=a, b=b, kind="person", score=round(score, 4), is_match=score >= t, explanation=expl, features=feats)


def _alias_hits(pa: PersonName, pb: PersonName) -> list[str]:
    out = []
    for x, other, side in ((pa, pb, "a"), (pb, pa, "b")):
        other_side = "b" if side == "a" else "a"
        names = set(other.aliases) | set(other.tokens) | {" ".join(other.tokens)}
        for al in x.aliases:
            if al in names or (al.split() and all(t in other.tokens or t in other.aliases for t in al.split())):
                out.append(f"nickname '{al}' of {side} found in {other_side}")
    return sorted(set(out))


# ----------------------------------------------------------------------------- blocking keys


def person_keys(name: str) -> set[str]:
    """Blocking keys for the candidate index: every name token of length >= 2 (as 't:' key), its
    Spanish phonetic key ('p:'), its nickname canonical forms ('n:'), and the nicknames ('a:').
    Cheap and high recall: two names that can score above the threshold share at least one key
    unless every aligned token is a fuzzy (non-phonetic) spelling variant."""
    pn = analyze_person(name)
    keys: set[str] = set()
    for t in pn.tokens:
        if len(t) < 2:
            continue
        keys.add(f"t:{t}")
        keys.add(f"p:{spanish_phonetic(t)}")
        for c in nickname_forms(t):
            if c != t:
                keys.add(f"n:{c}")
            else:
                keys.add(f"n:{t}")
    for al in pn.aliases:
        keys.add(f"a:{al}")
        for t in al.split():
            keys.add(f"t:{t}")
    return keys


# ----------------------------------------------------------------------------- organisations


@lru_cache(maxsize=100_000)
def _org_tokens(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(core words, legal-form words). rigour knows the world's legal forms ('Aktiengesellschaft',
    'Gesellschaft mit beschränkter Haftung', 'OAO'); it reads them before accents are folded."""
    from rigour.names import replace_org_types_compare

    folded = (name or "").casefold().replace("&", " and ")
    generic = norm(replace_org_types_compare(folded, generic=True))
    plain = norm(folded)
    forms = set(generic.split()) - set(plain.split())
    toks = [t for t in generic.split() if t not in ("the", "and", "of", "s")]
    forms_found = tuple(t for t in toks if t in forms)
    core = tuple(t for t in toks if t not in forms)
    return core or tuple(toks), forms_found


def compare_organizations(a: str, b: str, *, threshold: float | None = None, kind: str = "organization", **features: Any) -> Match:
    """Companies, organisations, vessels: the same token alignment without person roles, words
    may be abbreviated ('Corp.'), legal forms ('AG', 'Ltd') count little, a word on one side only
    counts more than for persons ('Banco Santander' is not 'Banco Santander México'), and numbers
    must agree."""
    (ca, fa), (cb, fb) = _org_tokens(a), _org_tokens(b)
    expl: list[str] = []
    if not ca or not cb:
        score = 0.0
    else:
        score, name_expl, _feats = _name_score(ca, cb, extra=P["org_extra"], conflict=P["org_conflict"], abbreviations=True)
        _feats.pop("_al", None)
        expl += [e.replace("name '", "word '") for e in name_expl]
        # written without spaces ('SiemensAG'): compare the squashed strings too
        squash_a, squash_b = "".join(ca), "".join(cb)
        sq = Levenshtein.normalized_similarity(squash_a, squash_b)
        if sq >= 0.9 and sq * 0.97 > score:
            score = sq * 0.97
            expl.append(f"'{squash_a}' ~ '{squash_b}' written together ({sq:.2f})")
    na = {t for t in ca if any(ch.isdigit() for ch in t)}
    nb = {t for t in cb if any(ch.isdigit() for ch in t)}
    if na != nb and (na or nb):
        score *= P["org_number_conflict"]
        expl.append(f"conflict: numbers {sorted(na) or '-'} vs {sorted(nb) or '-'}")
    if fa and fb and not set(fa) & set(fb):
        score *= P["org_form_conflict"]
        expl.append(f"conflict: legal form {' '.join(fa)} vs {' '.join(fb)}")
    t = ORGANIZATION_THRESHOLD if threshold is None else threshold
    if not expl:
        expl.append("no words in common")
    return Match(a=a, b=b, kind=kind, score=round(score, 4), is_match=score >= t, explanation=expl, features={"core_a": list(ca), "core_b": list(cb), "legal_forms_a": list(fa), "legal_forms_b": list(fb)})

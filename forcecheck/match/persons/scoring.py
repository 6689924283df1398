"""Scoring of person names: coverage of the alignment, conflicts, qualifiers (birth date, country, sex)."""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any

from ... import settings, vocab
from ...names import PersonName, analyze_person, norm
from ..types import Match, quality_for
from .alignment import align
from .params import P

#: Default decision threshold (the ``direct`` tier of settings.MATCH_THRESHOLDS["person"]).
PERSON_THRESHOLD = settings.match_threshold("person")


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
    for xa, xb, _y in al.joined:
        num += P["joined"] * 2
        den += 2
        expl.append(
            f"name '{' '.join(ta[i] for i in xa)}' ~ '{' '.join(tb[j] for j in xb)}' (written together / apart)"
        )
    n_matched = len(al.pairs) + 2 * len(al.joined)
    for i, j, s in al.conflicts:
        # a near-miss pair ('amado'/'armando' below the alignment threshold) costs less than a clear difference
        base = (
            P["conflict_maternal"]
            if (i in soft_conflict_a or j in soft_conflict_b)
            else (P["conflict"] if conflict is None else conflict)
        )
        w = base * (1.0 - max(0.0, s - 0.5)) ** P["near_miss_power"]
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
    feats = {
        "crossed": crossed,
        "matched": n_matched,
        "conflicts": len(al.conflicts),
        "extra_a": len(al.extra_a),
        "extra_b": len(al.extra_b),
        "_al": al,
        "exact": sum(1 for *_, how in al.pairs if how == "exact") + 2 * len(al.joined),
        "fuzzy_loss": round(sum(1.0 - s for _, _, s, how in al.pairs if how != "exact"), 4),
        "initials": sum(1 for *_, how in al.pairs if how == "initial"),
        "given_conflicts": sum(1 for i, _, _ in al.conflicts if "given" in role(role_a, i)),
        "tokens": max(len(ta), len(tb)),
        "min_tokens": min(len(ta), len(tb)),
    }
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
    _raw_only: bool = False,
    **_ignored: Any,
) -> Match:
    """Compare two person names. ``dob``/``country``/``sex`` describe ``a``; ``dob_b``/``country_b``/
    ``sex_b`` describe ``b`` (a conflict is only counted when both sides have the value)."""
    pa, pb = analyze_person(a), analyze_person(b)
    ta, tb = pa.tokens, pb.tokens
    role_a = _roles(pa)
    role_b = _roles(pb)
    expl: list[str] = []
    # a different maternal surname is a conflict ('Guzmán López' is not 'Guzmán Loera': cousins,
    # siblings of another mother), a little weaker than a different given name, since a married
    # name or a clerical variant is written there too (OFAC: 'MEZA GASTELLUM' / 'MEZA CAZARES')
    # (only where the source said which part is the surname: in 'Hani Tilfah al-Rawi' / '... al-Tikriti'
    # the last word is no maternal surname)
    soft_a = frozenset([len(pa.given) + 1]) if pa.order_known and len(pa.surnames) == 2 else frozenset()
    soft_b = frozenset([len(pb.given) + 1]) if pb.order_known and len(pb.surnames) == 2 else frozenset()
    if ta and tb:
        score, name_expl, feats = _name_score(
            ta, tb, role_a=role_a, role_b=role_b, soft_conflict_a=soft_a, soft_conflict_b=soft_b
        )
    else:
        score, name_expl, feats = 0.0, [], {"matched": 0}
    if feats.get("crossed") and not (pa.order_known or pb.order_known):
        score *= P["crossed"]
        name_expl.append("the names are in a different order")
    al = feats.pop("_al", None)
    expl += name_expl
    # Spanish surnames in crossed places: a's maternal surname is b's paternal one and nothing
    # else of the surnames agrees ('Amado Flores Martínez' / 'MARTINEZ DUARTE, Armando')
    if al and len(pa.surnames) == 2 and len(pb.surnames) == 2 and (pa.order_known or pb.order_known):
        ga, gb = len(pa.given), len(pb.given)
        sur_pairs = [(i - ga, j - gb) for i, j, _, _ in al.pairs if i >= ga and j >= gb]
        if len(sur_pairs) == 1 and sur_pairs[0][0] != sur_pairs[0][1]:
            score *= P["surname_position"]
            expl.append("the shared surname is paternal on one side and maternal on the other")
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
    raw = max(0.0, min(1.0, score))
    if _raw_only:
        return raw  # type: ignore[return-value]
    known = pa.order_known or pb.order_known
    name_score = learned_score(feats, raw, known)
    factor, q_expl, q_feats = _qualifiers(dob, dob_b, country, country_b, sex, sex_b)
    score = learned_score(feats, raw * factor, known) if raw else 0.0
    expl += q_expl
    feats.update(q_feats)
    feats["name_a"], feats["name_b"] = pa.as_dict(), pb.as_dict()
    feats["hand_score"] = round(raw, 4)
    feats["name_score"] = round(name_score, 4)
    t = PERSON_THRESHOLD if threshold is None else threshold
    if not expl:
        expl.append("no name parts in common")
    quality = quality_for("person", score)
    if (
        quality == "none"
        and raw
        and "intercept" in _weights()
        and calibrate_hand(raw * factor) >= _weights().get("hand_possible", 2.0)
    ):
        # (learned scorer only) the hand score sees a partial agreement the regression discounts: an analyst looks
        quality = "possible"
    if factor < 1.0 and quality_for("person", name_score) != "none":
        # a birth date, country or sex conflict makes an analyst look: never hide a name hit
        quality = "possible"
        expl.append("quality lowered to possible: the names agree but other details conflict")
    return Match(
        a=a,
        b=b,
        kind="person",
        score=round(score, 4),
        is_match=score >= t,
        explanation=expl,
        features=feats,
        quality=quality,
    )


@cache
def _weights() -> dict[str, float]:
    """The learned scorer (vocab/person_score_calibration.csv, written by scripts/fit_person_calibration.py
    from the tuning pairs): logistic-regression weights of LEARNED_FEATURES and ``intercept``, and the
    calibration of the hand score alone (``hand_slope``, ``hand_intercept``, ``hand_possible``).
    Empty when the file is absent: scores are then the hand scores."""
    try:
        return {r["code"]: float(r["value"]) for r in vocab.load("person_score_calibration")}
    except FileNotFoundError:
        return {}


def calibrate_hand(hand_score: float) -> float:
    """The hand score alone as a probability of being the same person (logistic calibration)."""
    w = _weights()
    if "hand_slope" not in w or hand_score <= 0.0:
        return hand_score
    return 1.0 / (1.0 + math.exp(-(w["hand_slope"] * hand_score + w["hand_intercept"])))


def learned_score(feats: dict[str, Any], hand_score: float, order_known: bool) -> float:
    """P(same person): the learned logistic regression over ``learned_features`` when its weights are
    shipped, else the calibrated hand score (what ships today: see docs/benchmarks.md for why)."""
    w = _weights()
    if hand_score <= 0.0 or "intercept" not in w or any(k not in w for k in LEARNED_FEATURES):
        return calibrate_hand(hand_score)
    x = learned_features(feats, hand_score, order_known)
    z = w["intercept"] + sum(w[name] * v for name, v in zip(LEARNED_FEATURES, x, strict=False))
    return 1.0 / (1.0 + math.exp(-z))


#: The inputs of the learned scorer, in order (see ``learned_features``).
LEARNED_FEATURES = (
    "hand_score",
    "exact_share",
    "fuzzy_loss",
    "initials",
    "given_conflicts",
    "surname_conflicts",
    "extra_share",
    "crossed",
    "single_token",
    "order_known",
)


def learned_features(feats: dict[str, Any], hand_score: float, order_known: bool) -> list[float]:
    """The numbers the learned scorer weighs, from the features of one comparison."""
    n = max(1, feats.get("tokens", 1))
    conflicts = feats.get("conflicts", 0)
    given_c = feats.get("given_conflicts", 0)
    return [
        hand_score,
        feats.get("exact", 0) / n,
        feats.get("fuzzy_loss", 0.0),
        float(feats.get("initials", 0)),
        float(given_c),
        float(conflicts - given_c),
        (feats.get("extra_a", 0) + feats.get("extra_b", 0)) / n,
        float(bool(feats.get("crossed"))),
        float(feats.get("min_tokens", 0) <= 1),
        float(order_known),
    ]


def person_feature_vector(a: str, b: str) -> list[float]:
    """``learned_features`` of comparing two names (for fitting the learned scorer)."""
    f = compare_persons(a, b).features
    known = bool(f.get("name_a", {}).get("order_known") or f.get("name_b", {}).get("order_known"))
    return learned_features(f, f.get("hand_score", 0.0), known)


def raw_person_score(a: str, b: str, **features: Any) -> float:
    """The hand score before calibration (for fitting the calibration)."""
    return compare_persons(a, b, _raw_only=True, **features)  # type: ignore[return-value]


def _roles(p: PersonName) -> list[str] | None:
    if not p.order_known and len(p.tokens) <= 1:
        return None
    sur = ["paternal surname", "maternal surname"] if len(p.surnames) == 2 else ["surname"] * len(p.surnames)
    return ["given name"] * len(p.given) + sur


def _alias_hits(pa: PersonName, pb: PersonName) -> list[str]:
    out = []
    for x, other, side in ((pa, pb, "a"), (pb, pa, "b")):
        other_side = "b" if side == "a" else "a"
        names = set(other.aliases) | set(other.tokens) | {" ".join(other.tokens)}
        for al in x.aliases:
            if al in names or (al.split() and all(t in other.tokens or t in other.aliases for t in al.split())):
                out.append(f"nickname '{al}' of {side} found in {other_side}")
    return sorted(set(out))

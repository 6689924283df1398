"""A simpler scorer for organisation, vessel and other names: the person alignment without roles."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rapidfuzz.distance import Levenshtein

from ... import settings
from ...names import norm
from ..types import Match
from .params import P
from .scoring import _name_score

ORGANIZATION_THRESHOLD = settings.match_threshold("organization")


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


def compare_organizations(
    a: str, b: str, *, threshold: float | None = None, kind: str = "organization", **features: Any
) -> Match:
    """Companies, organisations, vessels: the same token alignment without person roles, words
    may be abbreviated ('Corp.'), legal forms ('AG', 'Ltd') count little, a word on one side only
    counts more than for persons ('Banco Santander' is not 'Banco Santander México'), and numbers
    must agree."""
    (ca, fa), (cb, fb) = _org_tokens(a), _org_tokens(b)
    expl: list[str] = []
    if not ca or not cb:
        score = 0.0
    else:
        score, name_expl, _feats = _name_score(
            ca, cb, extra=P["org_extra"], conflict=P["org_conflict"], abbreviations=True
        )
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
    return Match(
        a=a,
        b=b,
        kind=kind,
        score=round(score, 4),
        is_match=score >= t,
        explanation=expl,
        features={"core_a": list(ca), "core_b": list(cb), "legal_forms_a": list(fa), "legal_forms_b": list(fb)},
    )

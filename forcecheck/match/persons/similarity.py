"""Similarity of two normalised name tokens: exact, nickname, initial, truncation, phonetic, fuzzy."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import JaroWinkler, Levenshtein

from ...names import nickname_forms, spanish_phonetic, transliteration_phonetic
from .params import P


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
    if gendered_pair(a, b):
        # María/Mario, Juan/Juana, Luis/Luisa, Ivanov/Ivanova: siblings and spouses, not spellings
        return P["gendered"], "masculine/feminine form"
    # rapidfuzz for edit distance: Jaro-Winkler rewards a shared start, Levenshtein penalises
    # length differences; their mean separates 'amado'/'armando' from 'mohamed'/'ahmed' better than either
    fuzzy = 0.5 * JaroWinkler.similarity(a, b) + 0.5 * Levenshtein.normalized_similarity(a, b)
    if min(len(a), len(b)) <= 4:
        # one letter in four is a different name ('tong'/'song', 'khan'/'khaja'), not a typo
        fuzzy *= 0.92
    pa, pb = spanish_phonetic(a), spanish_phonetic(b)
    if pa == pb or transliteration_phonetic(a) == transliteration_phonetic(b):
        return max(P["phonetic"], fuzzy), "phonetic"
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 3:
        return max(P["truncation"], fuzzy), "truncated"
    if len(short) >= 4 and 2 <= len(long_) - len(short) <= 5 and long_.endswith(short):
        # short forms that drop the start: Yoruba 'Femi'/'Olufemi', 'Tunde'/'Babatunde', 'Seun'/'Oluwaseun'
        # (a longer prefix is as often another name: 'Lind'/'Lindemann')
        return max(P["short_form"], fuzzy), "short form"
    if 0.5 * JaroWinkler.similarity(pa, pb) + 0.5 * Levenshtein.normalized_similarity(pa, pb) > fuzzy + 0.05:
        pfuzzy = 0.5 * JaroWinkler.similarity(pa, pb) + 0.5 * Levenshtein.normalized_similarity(pa, pb)
        return min(pfuzzy, 0.92), "similar sound"
    return fuzzy, "similar spelling"


_GENDER_ENDINGS = (("o", "a"), ("", "a"), ("e", "a"), ("os", "as"))


def gendered_pair(a: str, b: str) -> bool:
    """True for a masculine and a feminine form of one name: 'mario'/'maria', 'juan'/'juana',
    'luis'/'luisa', 'alberto'/'alberta', 'ivanov'/'ivanova' (the stem has three letters or more)."""
    if a[:3] != b[:3] or abs(len(a) - len(b)) > 2:  # the forms share a stem of three letters or more
        return False
    if len(a) > len(b):
        a, b = b, a
    for m, f in _GENDER_ENDINGS:
        for x, y in ((a, b), (b, a)):
            if x.endswith(m) and y.endswith(f):
                stem_x, stem_y = x[: len(x) - len(m)], y[: len(y) - len(f)]
                if stem_x == stem_y and len(stem_x) >= 3:
                    return True
    return False

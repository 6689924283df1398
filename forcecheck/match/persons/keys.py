"""Blocking keys of person names for the candidate index."""

from __future__ import annotations

from ...names import analyze_person, nickname_forms, spanish_phonetic, transliteration_phonetic


def person_keys(name: str) -> set[str]:
    """Blocking keys for the candidate index: every name token of length >= 2 (as 't:' key), its
    Spanish and transliteration phonetic keys ('p:'), its nickname canonical forms ('n:'), and the nicknames ('a:').
    Cheap and high recall: two names that can score above the threshold share at least one key
    unless every aligned token is a fuzzy (non-phonetic) spelling variant."""
    pn = analyze_person(name)
    keys: set[str] = set()
    for t in pn.tokens:
        if len(t) < 2:
            continue
        keys.add(f"t:{t}")
        keys.add(f"p:{spanish_phonetic(t)}")
        keys.add(f"p:{transliteration_phonetic(t)}")  # the same key unless the token has 'oo', 'ou', 'ee'
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

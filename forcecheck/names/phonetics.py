"""A phonetic key for name tokens that knows Spanish spelling and common transliterations.

Hand-written because jellyfish/rigour metaphone and soundex are English-centric: they keep b/v
apart, read Spanish 'j'/'g(e,i)'/'x' as different sounds and 'll'/'y' differently, which are
exactly the spelling variants of Mexican names (Espinosa/Espinoza, Váldez/Baldez, Mújica/Múgica).
The vowel digraphs of English and French transliteration ('oo', 'ou', 'ee') read as the single
vowel they stand for (Korean 'Moon'/'Mun', Arabic 'Youssef'/'Yusef').
"""

from __future__ import annotations

import re
from functools import lru_cache

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


_DIGRAPHS = [(re.compile(r"oo|ou"), "u"), (re.compile(r"ee"), "i")]


@lru_cache(maxsize=100_000)
def transliteration_phonetic(token: str) -> str:
    """``spanish_phonetic`` after reading the English and French vowel digraphs as one vowel:
    'moon' == 'mun', 'youssef' == 'yusef' (a second key: 'cook' keeps its Spanish key 'kok')."""
    t = token
    for rx, rep in _DIGRAPHS:
        t = rx.sub(rep, t)
    return spanish_phonetic(t)


@lru_cache(maxsize=100_000)
def spanish_phonetic(token: str) -> str:
    """'espinoza' -> 'espinosa', 'baldes' == 'valdez', 'mujica' == 'mugica', 'moon' == 'mun'."""
    t = token
    for rx, rep in _PHON_RULES:
        t = rx.sub(rep, t)
    return t

"""Text normalisation shared by the person and unit matchers and the index.

normality does the hard part (Unicode folding, punctuation, case); this module fixes one
convention for forcecheck so that every matcher and the index tokenise names identically.
"""

from __future__ import annotations

import re
from functools import lru_cache

from normality import normalize

_ORDINAL_MARK = re.compile(
    r"(\d+)\s*(?:/\s*)?(?:o|a|er|ero|era|do|da|ro|ra|to|ta|vo|va|no|na|mo|ma|°|º|ª|st|nd|rd|th)\.?(?=\W|$)", re.I
)


@lru_cache(maxsize=200_000)
def norm(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: 'Policía Mpal. de Iguala' -> 'policia mpal de iguala'.
    Ordinal marks stuck to numbers are removed first: '23/o.', '1er.', '22nd', '33°' -> '23', '1', '22', '33'."""
    if not text:
        return ""
    text = _ORDINAL_MARK.sub(r"\1", text)
    return normalize(text, lowercase=True, ascii=True) or ""


def tokens(text: str) -> list[str]:
    return norm(text).split()


def word_keys(name: str) -> set[str]:
    """Blocking keys of a name compared word by word (organisations): each word of two or more
    letters ('w:') and the first four letters of long words ('w4:', for abbreviations and typos)."""
    toks = [t for t in norm(name).split() if len(t) >= 2]
    return {f"w:{t}" for t in toks} | {f"w4:{t[:4]}" for t in toks if len(t) >= 6}

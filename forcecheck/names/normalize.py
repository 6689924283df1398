"""Text normalisation of names: the one convention every layer tokenises names with.

normality does the hard part (Unicode folding, transliteration, punctuation, case). This is the
same rule as ``forcecheck.match.normalize.norm``, kept here so that the bottom layer (ingest,
extract) needs nothing from the matcher.
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
    """Lower-case ASCII words separated by single spaces: 'José  Pérez-Ávila' -> 'jose perez avila'."""
    if not text:
        return ""
    text = _ORDINAL_MARK.sub(r"\1", text)
    return normalize(text, lowercase=True, ascii=True) or ""

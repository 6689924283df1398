"""Language detection, offline, with lingua (restricted to English and Spanish).

``detect_language(text)`` answers ``"en"``, ``"es"`` or ``"unknown"`` (text too short to tell,
fewer than ``MIN_LETTERS`` letters, or no confident answer). The CLI's ``--lang`` overrides it.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

LANGUAGES = ("en", "es")
UNKNOWN = "unknown"
#: Below this many letters the answer is "unknown".
MIN_LETTERS = 20
#: lingua reads at most this many characters (the start of a long document is enough, and fast).
SAMPLE_CHARS = 6000

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return (
        LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH)
        .with_minimum_relative_distance(0.1)
        .build()
    )


def detect_language(text: str) -> str:
    """``"en"``, ``"es"`` or ``"unknown"``."""
    sample = (text or "")[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return UNKNOWN
    with _LOCK:
        lang = _detector().detect_language_of(sample)
    if lang is None:
        return UNKNOWN
    return lang.iso_code_639_1.name.lower()


def check_language(lang: str | None) -> str | None:
    """Validate a ``--lang`` override (None passes through)."""
    if lang is None:
        return None
    lang = lang.strip().lower()
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang

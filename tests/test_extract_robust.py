"""Extraction never raises on arbitrary or adversarial text (issue 9): dates of every precision,
huge numbers, right-to-left text, control and zero-width characters, lone surrogates, 1 MB
single lines. Property-based (hypothesis), with few examples so that the suite stays fast."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forcecheck.errors import InputError
from forcecheck.extract.pipeline import chunks, extract_claims
from forcecheck.ingest.read import decode_text

FEW = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

MONTHS = ["January", "Feb.", "Sept.", "May", "may", "December", "enero", "febrero", "septiembre", "setiembre", "mayo"]
WORDS = [
    "soldiers",
    "police",
    "army",
    "the",
    "of",
    "de",
    "la",
    "Policía",
    "Ejército",
    "Batallón",
    "102nd",
    "Infantry",
    "Battalion",
    "killed",
    "detained",
    "tortured",
    "Iguala",
    "Guerrero",
    "Tlatlaya",
    "Sheriff",
    "Treviño",
    "charged",
    "acquitted",
    "denied",
    "no",
    "was",
    "fue",
    "detenido",
    "acusado",
    "$",
    "million",
    "pesos",
    "last",
    "month",
    "year",
    "el",
    "año",
    "pasado",
    "this",
    "in",
    "en",
    "since",
    "desde",
    "of",
    "Cartel",
    "Cártel",
    "Grupo",
    "Hercules",
    "Unit",
    ",",
    ".",
    ";",
    "(",
    ")",
    '"',
    "«",
    "»",
    "\n",
    "\n\n",
    "\t",
]
ODD = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u202e",
    "\u202d",
    "\u061c",
    "\u00a0",
    "\u2028",
    "\u2029",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\ud800",
    "\udfff",
    "\U0001f600",
    "ﷺ",
    "עברית",
    "العربية",
    "̈",
    "ß",
    "İ",
]


def _date_text(y: int, m: int, d: int, month: str, form: int) -> str:
    return [
        f"{month} {d}, {y}",
        f"{d} {month} {y}",
        f"{month} {y}",
        f"{d} de {month} de {y}",
        f"{month} {y}",
        f"{d} de {month}",
        f"in {y}",
        f"{month} {d}",
        f"{y}-{m:02d}-{d:02d}",
        f"{month}\n\n{d}",
    ][form]


dates = st.builds(
    _date_text,
    st.integers(-10, 99999),
    st.integers(0, 13),
    st.integers(0, 40),
    st.sampled_from(MONTHS),
    st.integers(0, 9),
)
huge = st.one_of(
    st.integers(-(10**30), 10**60).map(str),
    st.sampled_from(["9" * 400, "1e308", "1,000,000,000,000,000", "١٢٣", "Ⅻ", "½", "0" * 50]),
)
tokens = st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD), dates, huge, st.text(max_size=12))
texts = st.lists(tokens, min_size=1, max_size=60).map(" ".join)


def _check(text: str, lang: str, published: str | None) -> None:
    claims = extract_claims(text, lang=lang, published=published)
    for c in claims:
        s, e = c.span
        assert 0 <= s <= e <= len(text)
        assert c.as_dict()["type"] == c.type


@FEW
@given(
    text=texts, lang=st.sampled_from(["en", "es"]), published=st.sampled_from([None, "2014", "2014-12", "2015-01-31"])
)
def test_arbitrary_token_soup_never_raises(text, lang, published):
    _check(text, lang, published)


@FEW
@given(text=st.text(max_size=400), lang=st.sampled_from(["en", "es"]))
def test_arbitrary_unicode_never_raises(text, lang):
    _check(text, lang, None)


@FEW
@given(
    parts=st.lists(dates, min_size=1, max_size=12),
    lang=st.sampled_from(["en", "es"]),
    published=st.sampled_from([None, "2014", "2014-07", "2014-07-11"]),
)
def test_dates_of_every_precision_never_raise(parts, lang, published):
    # month-only, day, year-only and impossible dates side by side: the latest explicit date compares them
    _check("Soldiers detained two men. " + ". ".join(parts) + ". The army denied it.", lang, published)


@FEW
@given(text=texts, limit=st.integers(1000, 3000))
def test_pieces_cover_the_text_exactly(text, limit):
    text = text * 40
    pieces = chunks(text, limit)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))
    assert all(0 < e - s <= limit for s, e in pieces) or len(text) == 0


@pytest.mark.parametrize(
    "line",
    [
        "x" * 1_000_000,  # 1 MB without a space
        ("١٢٣ ‏עברית‎ " * 10) + "9" * 1_000_000,
        "\u200b".join(["Policía"] * 140_000),  # 1 MB of words glued by zero-width spaces
    ],
)
def test_one_megabyte_single_lines(line):
    _check(line, "es", None)


def test_lone_surrogates_are_refused_at_decode_and_replaced_in_extraction():
    with pytest.raises(InputError, match="not UTF-8"):
        decode_text("Policía".encode() + b"\xed\xa0\x80 de Iguala", name="s.txt")
    with pytest.raises(InputError, match="UTF-16"):
        decode_text(b"\xff\xfe" + "Policía".encode("utf-16-le") + b"\x00\xd8" + "x".encode("utf-16-le"), name="s.txt")
    text = "La Policía Municipal de Iguala \ud800 detuvo a 43 estudiantes el 26 de septiembre de 2014."
    claims = extract_claims(text, lang="es")
    assert any(c.type == "date" and c.attrs["value"] == "2014-09-26" for c in claims)

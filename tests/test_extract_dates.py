"""Dates (extract/dates.py, forcecheck/dates.py): partial dates of different precision, Spanish
month-year without "de", expressions that never run across a paragraph break (issue 9)."""

from __future__ import annotations

from forcecheck.dates import PartialDate
from forcecheck.extract.pipeline import extract_claims


def _dates(text: str, lang: str = "en", published: str | None = None) -> list[tuple[str, str | None, bool]]:
    return [
        (c.text, c.attrs["value"], c.attrs["approx"])
        for c in extract_claims(text, lang=lang, published=published)
        if c.type == "date"
    ]


def test_partial_dates_compare_by_the_range_they_cover():
    year, month, day = PartialDate.parse("2014"), PartialDate.parse("2014-07"), PartialDate.parse("2014-07-11")
    # a year-only date is neither before nor after a day in that year: it contains it
    assert not (year < day) and not (year > day) and year.contains(day) and month.contains(day)
    assert year <= day and year >= day
    assert PartialDate.parse("2014-06") < day and PartialDate.parse("2014-08") > day
    assert PartialDate.parse("2013") < month and not (PartialDate.parse("2013") > month)
    # sorting and the latest: by the range covered (last day, then first)
    dates = [day, PartialDate.parse("2014-12"), year, month, PartialDate.parse("2015-01-02")]
    assert [d.iso() for d in sorted(dates, key=PartialDate.key)] == [
        "2014-07-11",
        "2014-07",
        "2014",
        "2014-12",
        "2015-01-02",
    ]
    assert max(dates, key=PartialDate.key).iso() == "2015-01-02"
    assert PartialDate.parse("2014") == PartialDate(2014) and PartialDate(2014) != PartialDate(2014, 1)


def test_month_and_day_of_the_same_month_without_publication_date_do_not_crash():
    # The crash of issue 9: "July 2014" (2014-07) and "July 11, 2014" (2014-07-11) were compared as
    # tuples in _latest_explicit: TypeError: '>' not supported between 'NoneType' and 'int'.
    text = (
        "Soldiers detained two men in Tlatlaya in July 2014. On July 11, 2014, the army reported a clash. "
        "In September the prosecutor opened an investigation."
    )
    found = _dates(text)
    assert ("July 2014", "2014-07", False) in found and ("July 11, 2014", "2014-07-11", False) in found
    # "In September", no publication date: read in the year of the latest explicit date, marked approx
    assert ("September", "2014-09", True) in found or ("In September", "2014-09", True) in found


def test_spanish_month_year_without_de_is_that_year_not_the_publication_year():
    # "enero 2015" became 2020-01: the month was read alone and resolved against the publication date
    found = _dates("Los militares fueron detenidos en enero 2015 en Iguala.", lang="es", published="2020-06-01")
    assert ("enero 2015", "2015-01", False) in found
    found = _dates("El 5 de enero 2015 la policía detuvo a tres personas en Iguala.", lang="es", published="2020-06-01")
    assert ("5 de enero 2015", "2015-01-05", False) in found
    assert ("enero de 2015", "2015-01", False) in _dates("Ocurrió en enero de 2015 en Iguala.", lang="es")


def test_a_date_never_runs_across_a_paragraph_break():
    text = "The report on the killings was published in May\n\n12 soldiers were arrested in Guerrero after the clash."
    found = _dates(text, published="2015-06-01")
    assert all("\n" not in expr for expr, _v, _a in found), found
    assert not any(v == "2015-05-12" for _e, v, _a in found)
    es = "La investigación comenzó en julio\n\n2015 fue el año más violento en Guerrero."
    assert all("\n" not in expr for expr, _v, _a in _dates(es, lang="es", published="2016-01-01"))


def test_impossible_days_are_not_dates():
    found = _dates("The army said on February 31, 2014 that soldiers were in Tlatlaya.")
    assert not any(v and v.startswith("2014-02-31") for _e, v, _a in found)


def test_an_incident_does_not_take_the_date_of_the_previous_paragraph():
    text = (
        "Soldiers detained two students in Iguala, Guerrero, on September 26, 2014.\n\n"
        "Police officers tortured three men in Chilpancingo, Guerrero."
    )
    incidents = [c for c in extract_claims(text, lang="en", published="2015-01-01") if c.type == "incident"]
    second = [c for c in incidents if "Chilpancingo" in c.text]
    assert second and second[0].attrs["date"] is None

"""screen/evidence.py and the modules it was split into: timing (fit), graph (Evidence), present (summaries)."""

from __future__ import annotations

from forcecheck import settings
from forcecheck.screen import evidence, graph, present, timing
from forcecheck.store.models import Claim, Incident

from .test_screen_walk import base  # noqa: F401  (the small evidence base, on both backends)


def _claim(first=None, last=None, *, first_approx=True, last_approx=True, open_ended=None):
    return Claim(
        id="c",
        kind="posting",
        first_date=first,
        last_date=last,
        first_approx=first_approx,
        last_approx=last_approx,
        open_ended=open_ended,
    )


INC = Incident(id="i", start_date="2008-12-23", end_date="2008-12-30")


def test_the_facade_keeps_the_names():
    assert evidence.Evidence is graph.Evidence and evidence.fit is timing.fit
    assert evidence.incident_line is present.incident_line
    assert timing.TOLERANCE_DAYS == settings.SCREEN_TOLERANCE_DAYS


def test_describe_dates_in_words():
    assert timing.describe_dates(None) == "no recorded dates"
    assert (
        timing.describe_dates(_claim("2007-01-26")) == "first cited 2007-01-26 (not a recorded start), no recorded end"
    )
    assert "ended 2009" in timing.describe_dates(_claim("2007", "2009", last_approx=False))
    assert "assumed to continue" in timing.describe_dates(_claim("2007", "2009", open_ended="Y"))


def test_fit_within_open_and_tolerance():
    interval = timing.incident_interval(INC)
    assert timing.fit(_claim("2008-01", "2009-06", first_approx=False, last_approx=False), interval).level == "within"
    assert timing.fit(_claim("2007-01-26"), interval).level == "open"
    near = timing.fit(_claim("2009-06"), interval)  # first cited half a year after: may have begun earlier
    assert near.level == "earlier" and "not a recorded start" in near.label
    assert timing.fit(_claim("2009-06", first_approx=False), interval) is None  # a recorded start after the incident
    assert timing.fit(_claim("2012-01"), interval) is None  # beyond the tolerance
    assert timing.fit(_claim(), interval).level == "undated"
    assert timing.fit(_claim("2007"), None).level == "undated"


def test_weakest_combines_labels():
    a = timing.Fit("within", "within the cited dates", 1.0)
    b = timing.Fit("open", "possible: the posting has no recorded end", 0.8)
    c = timing.Fit("later", "possible: the unit was last cited earlier", 0.6)
    w = timing.weakest([a, b, c])
    assert (
        w.level == "later" and w.label == "possible: the posting has no recorded end; the unit was last cited earlier"
    )
    assert timing.weakest([a]) == a


def test_graph_reads_accepted_facts_only(base):  # noqa: F811
    ev = base.ev
    assert ev.accepted(None)
    proposed = [cid for cid, c in ev.claims.items() if c.status == "proposed"]
    assert proposed and not any(ev.accepted(cid) for cid in proposed)
    assert all(ev.accepted(p.claim_id) for ps in ev.postings_by_person.values() for p in ps)
    assert ev.has_recorded_unit("i1") and not ev.has_recorded_unit("i3")


def test_facts_carry_citations_with_the_claims_confidence(base):  # noqa: F811
    ev = base.ev
    p = ev.postings_by_person["p-gm"][0]
    fact = ev.fact("posting", p.id, p.claim_id, "summary")
    assert fact.citations and fact.dates and fact.status == "accepted"
    assert all(c.confidence == ev.claim(p.claim_id).confidence for c in fact.citations)


def test_present_incident_summary_and_line(base):  # noqa: F811
    ev = base.ev
    inc = ev.incidents["i3"]
    s = present.incident_summary(ev, inc)
    assert s["id"] == "i3" and s["start_date"] == inc.start_date and isinstance(s["violations"], list)
    line = present.incident_line(ev, inc)
    assert line.startswith(inc.start_date) and (s["place"] or "place not recorded") in line
    assert ev.incident_summary(inc) == s and ev.incident_line(inc) == line

"""The evidence walk with dates, on small evidence bases built with the ORM (both backends)."""

from __future__ import annotations

import pytest

from forcecheck.screen.evidence import Evidence, fit, incident_interval
from forcecheck.screen.linkage import infer_link
from forcecheck.screen.walk import Walker
from forcecheck.store.models import (
    Citation,
    Claim,
    Incident,
    IncidentPerpetrator,
    IncidentViolation,
    Location,
    Name,
    Person,
    Posting,
    Source,
    Unit,
    UnitRelation,
    UnitSite,
)


def _claim(
    cid, kind, first=None, last=None, *, first_approx=True, last_approx=True, open_ended=None, status="accepted"
):
    return Claim(
        id=cid,
        kind=kind,
        status=status,
        confidence="low",
        first_date=first,
        last_date=last,
        first_approx=first_approx,
        last_approx=last_approx,
        open_ended=open_ended,
    )


def build_base(store):
    """Two army units in a hierarchy, a garrison named after its town, a police force, and six incidents."""
    rows = [
        Source(
            id="src1",
            kind="report",
            title="Recomendación 88/2011",
            publisher="CNDH",
            published_date="2011-12-16",
            url="https://cndh.example/88",
        ),
        Source(
            id="src2",
            kind="article",
            title="Cambios en la Zona",
            publisher="El Universal",
            published_date="2008-03-02",
            url="https://eluniversal.example/x",
        ),
        Location(id="loc-oji", name="Ojinaga, Chihuahua", country="mx", longitude=-104.41, latitude=29.55),
        Location(id="loc-jua", name="Ciudad Juárez, Chihuahua", country="mx", longitude=-106.49, latitude=31.74),
        Location(id="loc-oji2", name="Ojinaga", country="mx"),
        # units
        _claim("c-zm", "unit", "1990", open_ended="Y"),
        Unit(
            id="zm",
            name="5 Zona Militar",
            classification="army",
            classifications_raw="Ejército;Militar",
            country="mx",
            claim_id="c-zm",
        ),
        _claim("c-bi", "unit", "1990", open_ended="Y"),
        Unit(
            id="bi",
            name="23 Batallón de Infantería",
            classification="army",
            classifications_raw="Ejército;Militar",
            country="mx",
            claim_id="c-bi",
        ),
        _claim("c-gm", "unit", "2007-01-01", open_ended="Y"),
        Unit(
            id="gm",
            name="Guarnición Militar de Ojinaga",
            classification="army",
            classifications_raw="Ejército;Militar",
            country="mx",
            claim_id="c-gm",
        ),
        Unit(
            id="pol",
            name="Policía Municipal de Ojinaga",
            classification="police",
            classifications_raw="Policía",
            country="mx",
        ),
        Unit(
            id="ph",
            name="Unidad desconocida de Ojinaga",
            classification="army",
            classifications_raw="Ejército",
            is_placeholder=True,
        ),
        Name(id="n-gm", unit_id="gm", name="Gn. Mil. de Ojinaga, Chih.", kind="alias"),
        # the battalion was under the zone only during 2008 (recorded start and exact end)
        _claim(
            "c-rel", "unit_relation", "2008-01-01", "2008-12-31", first_approx=False, last_approx=False, open_ended="E"
        ),
        UnitRelation(
            id="rel1", unit_id="bi", parent_id="zm", relation="child-of", relation_class="Command", claim_id="c-rel"
        ),
        _claim("c-site", "unit_site", "2005-02", open_ended="Y"),
        UnitSite(id="site-pol", unit_id="pol", kind="site", location_id="loc-oji2", claim_id="c-site"),
        # persons and postings
        Person(id="p-cmd", name="Juan Pérez López"),
        Person(id="p-zm", name="Pedro Ruiz Soto"),
        Person(id="p-mem", name="Luis Gómez Díaz"),
        Person(id="p-named", name="Mario Torres Vega"),
        Person(id="p-gm", name="Amado Flores Morales"),
        Person(id="p-early", name="José Early"),
        Person(id="p-exact", name="José Exact"),
        Person(id="p-prop", name="José Proposed"),
        _claim("c-p1", "posting", "2008-03", "2008-09-30", open_ended="N"),
        Posting(
            id="post-cmd",
            person_id="p-cmd",
            unit_id="bi",
            role="Commander",
            is_commander=True,
            rank="Coronel",
            claim_id="c-p1",
        ),
        _claim("c-p2", "posting", "2008-01-01", "2010-12-31", first_approx=False, last_approx=False, open_ended="E"),
        Posting(
            id="post-zm",
            person_id="p-zm",
            unit_id="zm",
            role="Commander",
            is_commander=True,
            rank="General de Brigada",
            claim_id="c-p2",
        ),
        _claim("c-p3", "posting", "2008-01", "2008-12", open_ended="N"),
        Posting(
            id="post-mem",
            person_id="p-mem",
            unit_id="bi",
            role="Segundo Comandante",
            is_commander=False,
            claim_id="c-p3",
        ),
        _claim("c-p4", "posting", "2007-01-26"),
        Posting(
            id="post-gm",
            person_id="p-gm",
            unit_id="gm",
            role="Commander",
            is_commander=True,
            rank="General de Brigada",
            claim_id="c-p4",
        ),
        _claim("c-p5", "posting", "2008-07-01", "2008-12-31", open_ended="N"),
        Posting(
            id="post-early", person_id="p-early", unit_id="bi", role="Commander", is_commander=True, claim_id="c-p5"
        ),
        _claim("c-p6", "posting", "2008-07-01", "2008-12-31", first_approx=False, open_ended="N"),
        Posting(
            id="post-exact", person_id="p-exact", unit_id="bi", role="Commander", is_commander=True, claim_id="c-p6"
        ),
        _claim("c-p7", "posting", "2008-01-01", "2008-12-31", status="proposed"),
        Posting(id="post-prop", person_id="p-prop", unit_id="bi", role="Commander", is_commander=True, claim_id="c-p7"),
        # incidents
        _claim("c-i1", "incident"),
        Incident(
            id="i1",
            title="Tortura en retén",
            start_date="2008-06-15",
            end_date="2008-06-15",
            is_gvhr=True,
            claim_id="c-i1",
        ),
        IncidentViolation(id="i1v", incident_id="i1", code="torture", source_words="tortura", is_gvhr=True),
        IncidentPerpetrator(id="i1pu", incident_id="i1", unit_id="bi"),
        IncidentPerpetrator(id="i1pp", incident_id="i1", person_id="p-named"),
        Incident(id="i2", title="Golpes", start_date="2010-06-01", end_date="2010-06-01"),
        IncidentViolation(id="i2v", incident_id="i2", code="ill_treatment", source_words="golpes"),
        IncidentPerpetrator(id="i2pu", incident_id="i2", unit_id="bi"),
        _claim("c-i3", "incident"),
        Incident(
            id="i3",
            start_date="2008-12-23",
            end_date="2008-12-30",
            location_id="loc-oji",
            place_text="Ojinaga, Chihuahua",
            place_description="Guarnición Militar en Ojinaga",
            perpetrator_classification="Ejército",
            is_gvhr=True,
            claim_id="c-i3",
        ),
        IncidentViolation(id="i3v1", incident_id="i3", code="arbitrary_detention", source_words="Illegal detention"),
        IncidentViolation(id="i3v2", incident_id="i3", code="torture", source_words="torture", is_gvhr=True),
        IncidentViolation(id="i3v3", incident_id="i3", code="sexual_violence", source_words="rape", is_gvhr=True),
        IncidentPerpetrator(id="i3pc", incident_id="i3", classification="Ejército"),
        Incident(
            id="i4",
            start_date="2008-11-02",
            location_id="loc-oji",
            place_text="Ojinaga, Chihuahua",
            perpetrator_classification="Policía",
        ),
        IncidentViolation(id="i4v", incident_id="i4", code="extortion"),
        Incident(
            id="i5",
            start_date="2008-12",
            location_id="loc-jua",
            place_text="Ciudad Juárez, Chihuahua",
            perpetrator_classification="Ejército",
            is_gvhr=True,
        ),
        IncidentViolation(id="i5v", incident_id="i5", code="enforced_disappearance", is_gvhr=True),
        Incident(
            id="i6",
            start_date="2004-05-01",
            location_id="loc-oji",
            place_text="Ojinaga, Chihuahua",
            perpetrator_classification="Ejército",
            is_gvhr=True,
        ),
        IncidentViolation(id="i6v", incident_id="i6", code="extrajudicial_killing", is_gvhr=True),
        Citation(
            id="cit-i3",
            claim_id="c-i3",
            source_id="src1",
            page="5",
            quote="fue trasladada a la Guarnición Militar en Ojinaga",
        ),
        Citation(
            id="cit-p4",
            claim_id="c-p4",
            source_id="src2",
            locator="ap-1",
            quote="el general Amado Flores Morales, comandante de la guarnición",
        ),
    ]
    with store.transaction() as s:
        for r in rows:  # parents before children (PostgreSQL checks the foreign keys)
            s.add(r)
            s.flush()


@pytest.fixture
def base(store):
    build_base(store)
    with store.read() as s:
        yield Walker(Evidence(s))


def _by_incident(hits):
    return {h.incident["id"]: h for h in hits}


def test_commander_at_the_time_recorded_within_dates(base):
    hits = _by_incident(base.walk_person("p-cmd"))
    assert set(hits) == {"i1"}  # i2 (2010) is beyond the posting's approximate end and its tolerance
    h = hits["i1"]
    assert (h.relation, h.link, h.certainty) == ("commander", "recorded", "within")
    assert h.certainty_label == "within the cited dates"
    assert h.severity == "gvhr"
    assert {f.kind for f in h.facts} >= {"posting", "incident", "incident_perpetrator"}


def test_member_and_named_perpetrator_are_separate_relations(base):
    mem = _by_incident(base.walk_person("p-mem"))
    assert mem["i1"].relation == "member"
    named = _by_incident(base.walk_person("p-named"))
    assert named["i1"].relation == "named_perpetrator" and named["i1"].link == "recorded"


def test_command_down_the_chain_only_while_subordinate(base):
    hits = _by_incident(base.walk_person("p-zm"))
    # i1 (2008-06) happened while the battalion was under the zone; i2 (2010) after the relation ended,
    # although the zone commander's posting still held
    assert set(hits) == {"i1"}
    h = hits["i1"]
    assert h.relation == "superior_commander"
    assert h.chain == ["5 Zona Militar", "23 Batallón de Infantería"]
    assert any(f.kind == "unit_relation" for f in h.facts)


def test_approximate_start_may_have_begun_earlier_but_a_recorded_start_may_not(base):
    early = _by_incident(base.walk_person("p-early"))
    assert early["i1"].certainty == "earlier"
    assert "not a recorded start" in early["i1"].certainty_label
    assert base.walk_person("p-exact") == []


def test_proposed_posting_is_not_evidence(base):
    assert base.walk_person("p-prop") == []


def test_open_ended_posting_and_inferred_link_to_garrison(base):
    hits = _by_incident(base.walk_person("p-gm"))
    assert set(hits) == {"i3"}  # not i4 (police), i5 (other town), i6 (before the garrison is cited)
    h = hits["i3"]
    assert (h.relation, h.link, h.certainty) == ("commander", "inferred", "open")
    assert h.certainty_label.startswith("possible:") and "no recorded end" in h.certainty_label
    text = "\n".join(h.explanation)
    assert "inferred link" in text and "Ojinaga" in text and "Ejército" in text
    cited = {c.source_id for f in h.facts for c in f.citations}
    assert cited == {"src1", "src2"}  # the posting's and the incident's citations


def test_linkage_rule_place_time_classification(base):
    ev = base.ev
    inc = {i: ev.incidents[i] for i in ("i3", "i4", "i5", "i6")}
    link = infer_link(ev, inc["i3"], "gm")
    assert link is not None and any("names the unit" in p for p in link.place)
    assert infer_link(ev, inc["i4"], "gm") is None  # "Policía" is not compatible with an army unit
    assert infer_link(ev, inc["i5"], "gm") is None  # Ciudad Juárez is not Ojinaga
    assert infer_link(ev, inc["i6"], "gm") is None  # 2004: years before the garrison is first cited
    pol = infer_link(ev, inc["i4"], "pol")  # the police, based in Ojinaga (same locality, other location id)
    assert pol is not None and "base" in pol.place[0]
    assert infer_link(ev, inc["i3"], "pol") is None  # "Ejército" is not police
    assert infer_link(ev, inc["i3"], "ph") is None  # a placeholder is never a perpetrator
    assert infer_link(ev, ev.incidents["i1"], "gm") is None  # i1 names its unit: nothing to infer


def test_unit_walk_hierarchy_and_commanders_at_the_time(base):
    zm = _by_incident(base.walk_unit("zm"))
    assert set(zm) == {"i1"}
    assert zm["i1"].relation == "subordinate_unit"
    names = {c["name"] for c in zm["i1"].commanders}
    assert names == {"Juan Pérez López", "Pedro Ruiz Soto", "José Early"}
    bi = _by_incident(base.walk_unit("bi"))
    assert set(bi) == {"i1", "i2"}
    assert bi["i1"].relation == "unit_perpetrator" and bi["i1"].link == "recorded"
    assert bi["i2"].commanders == []
    gm = _by_incident(base.walk_unit("gm"))
    assert gm["i3"].link == "inferred"
    assert [c["name"] for c in gm["i3"].commanders] == ["Amado Flores Morales"]


def test_fit_semantics():
    c = Claim(id="x", kind="posting", first_date="2007-01-26", first_approx=True, last_date=None, open_ended=None)
    inc = Incident(id="y", start_date="2008-12-23", end_date="2008-12-30")
    f = fit(c, incident_interval(inc), "the posting")
    assert f.level == "open" and "no recorded end" in f.label
    exact = Claim(
        id="z",
        kind="posting",
        first_date="2006",
        last_date="2007-06",
        first_approx=False,
        last_approx=False,
        open_ended="E",
    )
    assert fit(exact, incident_interval(inc), "the posting") is None
    cont = Claim(
        id="w",
        kind="posting",
        first_date="2006",
        last_date="2007-06",
        first_approx=False,
        last_approx=True,
        open_ended="Y",
    )
    assert fit(cont, incident_interval(inc), "the posting").level == "later"
    assert fit(None, incident_interval(inc)).level == "undated"

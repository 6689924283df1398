"""The review queue on both backends, on claims the real extractor proposes for the seed."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from forcecheck.errors import NotFound
from forcecheck.ingest.documents import IngestOptions, extract, read_document, store_document
from forcecheck.review import ReviewError, accept, edit, get_claim, list_claims, merge, parse_assignments, reject
from forcecheck.store.models import (
    Assistance,
    AuditEvent,
    Incident,
    IncidentPerpetrator,
    IncidentStatus,
    IncidentViolation,
    Location,
    Name,
    Organization,
    Person,
    Posting,
    Unit,
)

from .conftest import EXAMPLES

SEED = EXAMPLES / "us-mexico-security-aid-2014.txt"
OPTIONS = IngestOptions(date="2014-12-10", publisher="Truthout")


@pytest.fixture(scope="module")
def seed_doc():
    """The seed read and run through the real extractor once (an empty evidence base links nothing)."""
    doc = read_document(str(SEED), OPTIONS)
    return doc, extract(doc)


@pytest.fixture
def seeded(store, seed_doc):
    store.init()
    doc, proposed = seed_doc
    store_document(store, doc, proposed, OPTIONS)
    return store


def _find(session, type_, pred):
    for c in list_claims(session, type=type_):
        if pred(c.payload):
            return c.id
    raise AssertionError(f"no proposed {type_} claim matches")


def _count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_list_filters_and_nothing_is_evidence_before_review(seeded):
    with seeded.read() as s:
        all_proposed = list_claims(s)
        assert all_proposed and all(c.status == "proposed" for c in all_proposed)
        incidents = list_claims(s, type="incident")
        assert incidents and all(c.kind == "incident" for c in incidents)
        src = incidents[0].citations[0].source_id
        assert len(list_claims(s, source=src)) == len(all_proposed)
        assert list_claims(s, source="doc-nope") == [] and list_claims(s, status="accepted") == []
        for model in (Unit, Person, Organization, Incident, Assistance, Posting, Location):
            assert _count(s, model) == 0


def test_accept_incident_materialises_rows(seeded):
    with seeded.transaction(actor="alice") as s:
        cid = _find(s, "incident", lambda p: "Grupo Hercules" in p["sentence"])
        claim = accept(s, cid, "alice")
        assert claim.status == "accepted" and claim.reviewed_by == "alice" and claim.reviewed_at is not None
        assert claim.subject_table == "incident"
    with seeded.read() as s:
        inc = s.get(Incident, claim.subject_id)
        assert inc.claim_id == cid and inc.status == "alleged" and inc.is_gvhr
        assert inc.victims_count == 3 and inc.place_text == "Tamaulipas" and inc.start_date == "2014-11"
        viol = s.execute(select(IncidentViolation).where(IncidentViolation.incident_id == inc.id)).scalars().all()
        assert [(v.code, v.is_gvhr, v.source_words) for v in viol] == [("extrajudicial_killing", True, "murdered")]
        perps = s.execute(select(IncidentPerpetrator).where(IncidentPerpetrator.incident_id == inc.id)).scalars().all()
        units = [s.get(Unit, p.unit_id) for p in perps if p.unit_id]
        assert [u.name for u in units] == ["Grupo Hercules"] and units[0].classification == "police"
        (st,) = s.execute(select(IncidentStatus).where(IncidentStatus.incident_id == inc.id)).scalars().all()
        assert st.status == "alleged" and st.date == "2014-12-10"
        assert s.get(Location, inc.location_id).name == "Tamaulipas"
        events = s.execute(select(AuditEvent).where(AuditEvent.record_id == cid)).scalars().all()
        assert any(e.action == "update" and e.actor == "alice" for e in events)
    # accepting twice is refused
    with pytest.raises(ReviewError, match="accepted"):
        with seeded.transaction() as s:
            accept(s, cid, "bob")


def test_accept_person_unit_group_place_assistance_certification(seeded):
    with seeded.transaction(actor="alice") as s:
        chapo = accept(
            s, _find(s, "person", lambda p: p["name"] == "Joaquín Guzmán Loera" and "Chapo" in p["text"]), "alice"
        )
        guzman = accept(s, _find(s, "person", lambda p: p["text"] == "Joaquín Guzmán Loera"), "alice")
        assert chapo.subject_id == guzman.subject_id  # one person, found by name
        hercules = accept(s, _find(s, "unit", lambda p: p["name"] == "Grupo Hercules"), "alice")
        gu = accept(s, _find(s, "armed_group", lambda p: p["name"] == "Guerreros Unidos"), "alice")
        place = accept(s, _find(s, "place", lambda p: True), "alice")
        aid = accept(s, _find(s, "assistance", lambda p: p["text"] == "$68 million"), "alice")
        cert = accept(s, _find(s, "certification", lambda p: True), "alice")
    with seeded.read() as s:
        person = s.get(Person, chapo.subject_id)
        assert (person.name, person.paternal_surname, person.maternal_surname) == (
            "Joaquín Guzmán Loera",
            "Guzmán",
            "Loera",
        )
        names = {(n.name, n.kind) for n in s.execute(select(Name).where(Name.person_id == person.id)).scalars()}
        assert ("Joaquín Guzmán Loera", "primary") in names and ("El Chapo", "alias") in names
        unit = s.get(Unit, hercules.subject_id)
        assert (unit.name, unit.classification, unit.government_level, unit.claim_id) == (
            "Grupo Hercules",
            "police",
            "municipal",
            hercules.id,
        )
        org = s.get(Organization, gu.subject_id)
        assert (org.name, org.org_type) == ("Guerreros Unidos", "armed_group") and gu.subject_table == "organization"
        assert place.subject_table == "location" and s.get(Location, place.subject_id) is not None
        a = s.get(Assistance, aid.subject_id)
        assert (a.kind, a.donor, a.currency, float(a.amount), a.start_date, a.end_date) == (
            "funding",
            "United States",
            "USD",
            68e6,
            "2014",
            "2019",
        )
        assert a.recipient_text == "México" and a.claim_id == aid.id
        assert cert.status == "accepted" and cert.subject_table is None  # statistics stay claims


def test_postings_named_and_unnamed(seeded):
    with seeded.transaction(actor="alice") as s:
        trevino = accept(s, _find(s, "posting", lambda p: p["person"] == "Lupe Treviño"), "alice")
        mayor_id = _find(s, "posting", lambda p: p["place"] == "Matamoros")
        mayor = accept(s, mayor_id, "alice")
        assert mayor.status == "proposed" and "holder not named" in mayor.note and mayor.reviewed_by == "alice"
        assert _count(s, Posting) == 1
    with seeded.read() as s:
        post = s.get(Posting, trevino.subject_id)
        assert post.is_commander and post.role == "sheriff"
        assert s.get(Person, post.person_id).name == "Lupe Treviño"
        assert s.get(Unit, post.unit_id).name == "Hidalgo County Sheriff's Office"
    with seeded.transaction(actor="bob") as s:
        done = accept(s, mayor_id, "bob", {"person": "Leticia Salazar", "unit": "Ayuntamiento de Matamoros"})
        assert done.status == "accepted" and done.payload["person"] == "Leticia Salazar" and "edited" in done.note
        assert s.get(Posting, done.subject_id).unit.name == "Ayuntamiento de Matamoros"


def test_edit_reject_merge(seeded):
    with seeded.transaction(actor="alice") as s:
        inc = _find(s, "incident", lambda p: "Grupo Hercules" in p["sentence"])
        c = edit(
            s, inc, parse_assignments(["victims.count=3", "status=under_investigation", "place=Matamoros"]), "alice"
        )
        assert c.status == "proposed" and c.payload["victims"] == {"count": 3, "description": "three American citizens"}
        assert c.payload["status"] == "under_investigation"
        with pytest.raises(ReviewError, match="incident_statuses"):
            accept(s, inc, "alice", {"status": "rumoured"})
    with seeded.transaction(actor="alice") as s:
        rid = _find(s, "person", lambda p: p["text"] == "Michael Brown")
        with pytest.raises(ReviewError, match="reason"):
            reject(s, rid, "alice", "  ")
        r = reject(s, rid, "alice", "a US case, outside the scope")
        assert r.status == "rejected" and "outside the scope" in r.note
        with pytest.raises(ReviewError, match="rejected"):
            accept(s, rid, "alice")
        # merge a unit mention into an existing unit: a Name alias, cited by the accepted claim
        s.add(Unit(id="unit-x", name="Grupo Hércules (Matamoros)", classification="police"))
        s.flush()
        uid = _find(s, "unit", lambda p: p["name"] == "Grupo Hercules")
        m = merge(s, uid, "unit", "unit-x", "alice")
        assert (m.status, m.subject_table, m.subject_id) == ("accepted", "unit", "unit-x")
        alias = s.execute(select(Name).where(Name.unit_id == "unit-x")).scalars().one()
        assert alias.name == "Grupo Hercules" and alias.kind == "alias" and alias.claim_id == uid
        assert _count(s, Unit) == 1  # nothing new created
        gid = _find(s, "person", lambda p: p["text"] == "George Grayson")
        with pytest.raises(ReviewError, match="cannot be merged"):
            merge(s, gid, "unit", "unit-x", "alice")
        with pytest.raises(NotFound):
            merge(s, gid, "person", "person-nope", "alice")
        with pytest.raises(NotFound):
            get_claim(s, "claim-nope")


def test_review_cli(cli, seed_doc):
    res = cli("ingest", str(SEED), "--json", "--date", "2014-12-10")
    assert res.exit_code == 0
    listed = json.loads(cli("review", "list", "--type", "incident", "--json").stdout)
    assert listed and all(v["type"] == "incident" and v["status"] == "proposed" for v in listed)
    hercules = next(v for v in listed if "Grupo Hercules" in v["sentence"])
    shown = cli("review", "show", hercules["id"])
    assert shown.exit_code == 0 and "Grupo Hercules" in shown.stdout
    acc = cli("--actor", "carol", "review", "accept", hercules["id"], "--set", "victims.count=3")
    assert acc.exit_code == 0 and "accepted" in acc.stdout
    view = json.loads(cli("review", "show", hercules["id"], "--json").stdout)
    assert view["reviewed_by"] == "carol" and view["subject"].startswith("incident:")
    units = json.loads(cli("review", "list", "--type", "unit", "--json").stdout)
    rej = cli("--actor", "carol", "review", "reject", units[0]["id"], "--reason", "not a security force")
    assert rej.exit_code == 0
    assert json.loads(cli("review", "list", "--status", "rejected", "--json").stdout)[0]["id"] == units[0]["id"]
    again = cli("review", "reject", units[0]["id"], "--reason", "x")
    assert again.exit_code == 2 and "rejected" in again.stderr
    mayor = next(
        v
        for v in json.loads(cli("review", "list", "--type", "posting", "--json").stdout)
        if v["payload"]["person"] is None
    )
    stays = cli("review", "accept", mayor["id"])
    assert stays.exit_code == 1 and "holder not named" in stays.stdout
    bad = cli("review", "merge", units[1]["id"], "--into", "unit")
    assert bad.exit_code == 2
    assert cli("review", "show", "claim-nope").exit_code == 2

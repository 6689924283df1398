"""Review a careful researcher can trust (issue 9, item 5): every field shown in plain values,
``--set`` values checked against the claim's schema, and an accepted claim retracted (reason,
history, entities updated, the person no longer screens as a perpetrator), on SQLite and
PostgreSQL with the real extractor and the real screening function."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from forcecheck.extract.pipeline import extract_claims
from forcecheck.ids import make_id
from forcecheck.review import (
    ReviewError,
    accept,
    claim_view,
    edit,
    entities_touched,
    get_claim,
    list_claims,
    parse_assignments,
    reject,
    retract,
    retractions_since,
)
from forcecheck.screen import screen_person
from forcecheck.store import Writer
from forcecheck.store.models import (
    AuditEvent,
    Citation,
    Claim,
    ClaimRetraction,
    Incident,
    IncidentPerpetrator,
    IncidentStatus,
    Person,
    Source,
)

TEXT = (
    "Commander Luis Ramos tortured two students in Iguala in September 2014, said Juan López, the president of the "
    "local human-rights committee. Ramos was charged in 2015.\n"
)


def _store_text(store, text=TEXT, published="2016-05-01"):
    """The text through the real extractor, stored as one source with proposed claims (as ingest does)."""
    sid = make_id("doc", "test-retract", text)
    claims = extract_claims(text, lang="en", published=published)
    with store.transaction() as s:
        w = Writer(s)
        w.put(
            Source, id=sid, kind="article", title="A test article", published_date=published, language="en", text=text
        )
        s.flush()
        rows, cites = [], []
        for pc in claims:
            cid = make_id("claim-doc", sid, pc.span[0], pc.span[1], pc.type)
            rows.append(
                {"id": cid, "kind": pc.type, "status": "proposed", "payload": pc.as_dict(), "made_by": "extract:test"}
            )
            cites.append(
                {
                    "id": make_id("cit", cid),
                    "claim_id": cid,
                    "source_id": sid,
                    "span_start": pc.span[0],
                    "span_end": pc.span[1],
                    "quote": pc.sentence.strip(),
                }
            )
        w.put_many(Claim, rows)
        s.flush()
        w.put_many(Citation, cites)
    return sid


def _incident_id(s):
    (c,) = list_claims(s, type="incident")
    return c.id


def _perpetrator_hits(session, name):
    r = screen_person(session, name)
    return [h for h in r.hits if h.kind == "incident" and h.subject_name == name]


@pytest.fixture
def stored(store):
    store.init()
    _store_text(store)
    return store


def test_the_extractor_keeps_the_defender_out_of_the_perpetrators(stored):
    with stored.read() as s:
        p = get_claim(s, _incident_id(s)).payload
        assert p["perpetrator_persons"] == ["Luis Ramos"] and p["status"] == "charged"
        assert {r["name"]: r["role"] for r in p["persons_involved"]} == {"Juan López": "defender"}


def test_show_gives_every_field_in_plain_values(stored):
    with stored.read() as s:
        view = claim_view(s, get_claim(s, _incident_id(s)))
    fields = dict(view["fields"])
    for key in ("perpetrator_persons", "perpetrator_units", "victims", "persons_involved", "place", "date", "status"):
        assert key in fields
    assert fields["perpetrator_persons"] == "Luis Ramos" and fields["place"] == "Iguala" and fields["date"] == "2014-09"
    assert fields["victims"] == "2 — two students" and fields["perpetrator_units"] == "—"
    assert fields["persons_involved"].startswith("Juan López (Human-rights defender")
    assert fields["violation_types"] == "Torture" and fields["status"] == "Charged"
    assert "charged 2015" in fields["status_history"].lower()
    for _k, v in view["fields"]:
        assert "None" not in v and "['" not in v and "{'" not in v


def test_set_values_are_validated_and_nothing_is_written_on_error(stored):
    with stored.transaction() as s:
        cid = _incident_id(s)
        before = get_claim(s, cid).payload
    for bad, field in (
        (["victims.count=five"], "victims.count"),
        (["victims.count=-2"], "victims.count"),
        (["status=rumoured"], "status"),
        (["date=last year"], "date"),
        (["victims.cuont=3"], "victims.cuont"),
        (["place=Iguala", "victims.count=five"], "victims.count"),
    ):
        with pytest.raises(ReviewError) as err:
            with stored.transaction() as s:
                accept(s, cid, "alice", parse_assignments(bad))
        assert err.value.field == field and field in str(err.value)
        with stored.read() as s:
            c = get_claim(s, cid)
            assert c.status == "proposed" and c.payload == before
            assert s.scalar(select(func.count()).select_from(Incident)) == 0
    with stored.transaction() as s:
        c = edit(s, cid, parse_assignments(["victims.count=3", "perpetrator_persons=Luis Ramos; Pedro Soto"]), "alice")
        assert c.payload["victims"]["count"] == 3 and c.payload["perpetrator_persons"] == ["Luis Ramos", "Pedro Soto"]


def test_retract_an_accepted_claim(stored):
    # the reviewer's mistake: the defender accepted as a perpetrator
    with stored.transaction(actor="alice") as s:
        cid = _incident_id(s)
        claim = accept(s, cid, "alice", {"perpetrator_persons": ["Luis Ramos", "Juan López"]})
        assert claim.status == "accepted"
    with stored.read() as s:
        assert _perpetrator_hits(s, "Juan López") and _perpetrator_hits(s, "Luis Ramos")
        juan = s.scalar(select(Person.id).where(Person.name == "Juan López"))
        ramos = s.scalar(select(Person.id).where(Person.name == "Luis Ramos"))
        statuses = s.execute(
            select(IncidentStatus.status, IncidentStatus.date, IncidentStatus.person_id).order_by(IncidentStatus.date)
        ).all()
        # "Ramos was charged in 2015" speaks of Ramos only, now that the incident names two perpetrators
        assert [tuple(x) for x in statuses] == [("charged", "2015", ramos), ("charged", "2016-05-01", None)]
    with pytest.raises(ReviewError, match="reason"):
        with stored.transaction() as s:
            retract(s, cid, "bob", " ")
    with stored.transaction(actor="bob") as s:
        rec = retract(s, cid, "bob", "Juan López is the human-rights defender who reported it, not a perpetrator")
        rid = rec.id
    with stored.read() as s:
        claim = get_claim(s, cid)
        assert claim.status == "retracted" and claim.payload["perpetrator_persons"] == ["Luis Ramos", "Juan López"]
        assert claim.citations and "human-rights defender" in claim.note and claim.reviewed_by == "bob"
        rec = s.get(ClaimRetraction, rid)
        assert rec.retracted_by == "bob" and rec.replaced_by is None
        assert {"table": "person", "id": juan} in rec.entities
        assert any(e["table"] == "incident" for e in rec.entities)
        assert ("person", juan) in entities_touched(s) and retractions_since(s)[0].id == rid
        assert s.scalar(select(func.count()).select_from(IncidentPerpetrator)) == 0
        assert s.scalar(select(func.count()).select_from(Incident)) == 0
        assert s.get(Person, juan) is None  # created by that claim only
        events = s.execute(select(AuditEvent).where(AuditEvent.table_name == "claim_retraction")).scalars().all()
        assert [(e.action, e.record_id, e.actor) for e in events] == [("insert", rid, "bob")]
        assert (
            s.execute(
                select(AuditEvent).where(AuditEvent.table_name == "incident_perpetrator", AuditEvent.action == "delete")
            )
            .scalars()
            .all()
        )
        assert not _perpetrator_hits(s, "Juan López") and not _perpetrator_hits(s, "Luis Ramos")
        view = claim_view(s, claim)
        assert view["retraction"]["reason"].startswith("Juan López is") and view["status"] == "retracted"
    # a retracted claim cannot be retracted, accepted, rejected again
    for action in (
        lambda s: retract(s, cid, "bob", "again"),
        lambda s: accept(s, cid, "bob"),
        lambda s: reject(s, cid, "bob", "x"),
    ):
        with pytest.raises(ReviewError, match="retracted"):
            with stored.transaction() as s:
                action(s)


def test_retract_refuses_what_is_not_accepted(stored):
    with pytest.raises(ReviewError, match="only accepted claims"):
        with stored.transaction() as s:
            retract(s, _incident_id(s), "bob", "not yet reviewed")


def test_editing_an_accepted_claim_retracts_it_and_accepts_a_corrected_copy(stored):
    with stored.transaction(actor="alice") as s:
        cid = _incident_id(s)
        accept(s, cid, "alice", {"perpetrator_persons": ["Luis Ramos", "Juan López"]})
    with pytest.raises(ReviewError, match="reason"):
        with stored.transaction() as s:
            edit(s, cid, {"perpetrator_persons": ["Luis Ramos"]}, "bob")
    with pytest.raises(ReviewError, match="victims.count"):
        with stored.transaction() as s:
            edit(s, cid, {"victims.count": "two"}, "bob", reason="count")
    with stored.transaction(actor="bob") as s:
        new = edit(
            s,
            cid,
            parse_assignments(["perpetrator_persons=Luis Ramos"]),
            "bob",
            reason="the defender is not a perpetrator",
        )
        new_id = new.id
        assert new.status == "accepted" and new_id != cid and new.citations
    with stored.read() as s:
        old = get_claim(s, cid)
        assert old.status == "retracted"
        rec = s.execute(select(ClaimRetraction).where(ClaimRetraction.claim_id == cid)).scalar_one()
        assert rec.replaced_by == new_id
        assert not _perpetrator_hits(s, "Juan López")
        assert _perpetrator_hits(s, "Luis Ramos")
        inc = s.get(Incident, get_claim(s, new_id).subject_id)
        assert inc.claim_id == new_id and inc.status == "charged"


def test_retract_a_merge_removes_the_alias_only(stored):
    with stored.transaction(actor="alice") as s:
        s.add(Person(id="person-x", name="Luis Alberto Ramos"))
        s.flush()
        pid = next(c.id for c in list_claims(s, type="person") if c.payload["name"] == "Luis Ramos")
        from forcecheck.review import merge

        merge(s, pid, "person", "person-x", "alice")
    with stored.transaction(actor="alice") as s:
        rec = retract(s, pid, "alice", "another Luis Ramos")
        assert [a["action"] for a in rec.affected] == ["removed"] and {
            "table": "person",
            "id": "person-x",
        } in rec.entities
    with stored.read() as s:
        assert s.get(Person, "person-x") is not None
        assert [n.name for n in s.get(Person, "person-x").names] == []


def test_review_cli_shows_fields_refuses_bad_values_and_retracts(cli, tmp_path):
    doc = tmp_path / "ramos.txt"
    doc.write_text(TEXT, encoding="utf-8")
    assert cli("ingest", str(doc), "--date", "2016-05-01", "--json").exit_code == 0
    listed = cli("review", "list", "--type", "incident")
    assert listed.exit_code == 0
    flat = " ".join(listed.stdout.split())
    assert "perpetrator_persons: Luis Ramos" in flat and "place: Iguala" in flat and "None" not in flat
    (inc,) = json.loads(cli("review", "list", "--type", "incident", "--json").stdout)
    shown = cli("review", "show", inc["id"])
    assert shown.exit_code == 0 and "Juan López (Human-rights defender" in shown.stdout
    assert "None" not in shown.stdout and "['" not in shown.stdout
    bad = cli("review", "accept", inc["id"], "--set", "victims.count=five")
    assert bad.exit_code == 2 and "victims.count" in bad.stderr and "five" in bad.stderr
    assert json.loads(cli("review", "show", inc["id"], "--json").stdout)["status"] == "proposed"
    assert cli("--actor", "carol", "review", "accept", inc["id"], "--set", "victims.count=2").exit_code == 0
    not_yet = cli("review", "retract", inc["id"])
    assert not_yet.exit_code == 2  # --reason is required
    done = cli("--actor", "carol", "review", "retract", inc["id"], "--reason", "wrong article")
    assert done.exit_code == 0 and "retracted" in done.stdout and "person:" in done.stdout
    shown = cli("review", "show", inc["id"])
    assert "retracted by carol" in shown.stdout and "wrong article" in shown.stdout
    assert json.loads(cli("review", "list", "--status", "retracted", "--json").stdout)[0]["id"] == inc["id"]
    again = cli("review", "retract", inc["id"], "--reason", "x")
    assert again.exit_code == 2 and "retracted" in again.stderr


def test_units_named_with_a_joint_operation_are_members_of_it(store):
    store.init()
    _store_text(
        store,
        "Troops of 7 Division and Operation Lafiya Dole killed five civilians in Maiduguri in March 2019, "
        "Amnesty International said.\n",
        published="2019-05-01",
    )
    from forcecheck.store.models import Unit, UnitRelation

    with store.transaction(actor="alice") as s:
        cid = _incident_id(s)
        assert get_claim(s, cid).payload["perpetrator_operations"] == ["Operation Lafiya Dole"]
        accept(s, cid, "alice")
    with store.read() as s:
        (rel,) = s.scalars(select(UnitRelation)).all()
        assert rel.relation == "member-of" and rel.claim_id == cid
        assert s.get(Unit, rel.unit_id).name == "7 Division"
        op = s.get(Unit, rel.parent_id)
        assert op.name == "Operation Lafiya Dole" and op.classifications_raw == "operation"
    with store.transaction(actor="alice") as s:
        retract(s, cid, "alice", "test")
    with store.read() as s:
        assert s.scalars(select(UnitRelation)).all() == [] and s.scalars(select(Unit)).all() == []

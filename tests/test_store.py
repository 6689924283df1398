"""The store on both backends: schema, transactions, idempotent writes, the audit chain."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from forcecheck.dates import PartialDate, bounds, overlaps
from forcecheck.store import Writer
from forcecheck.store.audit import verify_chain
from forcecheck.store.models import AuditEvent, Claim, Name, Person, Unit, personal_columns


def test_schema_is_current_and_init_is_a_noop(store):
    assert store.is_initialized()
    assert not store.needs_upgrade()
    store.init()  # second time: nothing to do


def test_transaction_commits_and_rolls_back(store):
    with store.transaction() as s:
        s.add(
            Unit(
                id="u1",
                name="Policía Municipal de Iguala",
                classification="police",
                government_level="municipal",
                country="mx",
            )
        )
    with pytest.raises(RuntimeError):
        with store.transaction() as s:
            s.add(Unit(id="u2", name="Policía Municipal de Cocula"))
            s.flush()
            raise RuntimeError("boom")
    with store.read() as s:
        assert [u.id for u in s.scalars(select(Unit))] == ["u1"]


def test_writer_is_idempotent(store):
    rows = [{"id": "u1", "name": "22 Batallón de Infantería", "classification": "army"}]
    with store.transaction() as s:
        w = Writer(s)
        w.put_many(Unit, rows)
        assert w.summary()["unit"]["inserted"] == 1
    with store.read() as s:
        n_events = len(s.scalars(select(AuditEvent)).all())
    with store.transaction() as s:
        w = Writer(s)
        w.put_many(Unit, rows)
        assert w.summary()["unit"] == {"inserted": 0, "updated": 0, "unchanged": 1}
    with store.read() as s:
        assert len(s.scalars(select(AuditEvent)).all()) == n_events  # no write, no audit event
    with store.transaction() as s:
        w = Writer(s)
        w.put_many(Unit, [{**rows[0], "classification": "military"}])
        assert w.summary()["unit"]["updated"] == 1


def test_name_belongs_to_exactly_one_owner(store):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with store.transaction() as s:
            s.add(Name(id="n1", name="orphan"))


def test_audit_chain_detects_a_changed_past(store):
    with store.transaction(actor="alice") as s:
        s.add(Person(id="p1", name="Amado Flores Morales", birth_date="1960-01-02"))
    with store.transaction(actor="bob") as s:
        s.get(Person, "p1").name = "Armando Flores Morales"
        s.add(Claim(id="c1", kind="person", status="accepted"))
    with store.read() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        assert [(e.actor, e.action, e.table_name) for e in events] == [
            ("alice", "insert", "person"),
            ("bob", "insert", "claim"),
            ("bob", "update", "person"),
        ]
        # personal data never reaches the log: only a digest of the values
        assert all("1960" not in (e.digest + e.record_id) for e in events)
        assert verify_chain(s) == (True, None)
        tampered = events[1].seq
    with store.transaction(audit=False) as s:
        s.execute(update(AuditEvent).where(AuditEvent.seq == tampered).values(actor="mallory"))
    with store.read() as s:
        ok, bad = verify_chain(s)
        assert not ok and bad == tampered


def test_personal_columns_are_marked():
    assert {"birth_date", "birth_place", "father_name", "mother_name"} <= personal_columns(Person)
    assert "name" not in personal_columns(Person)


def test_partial_dates():
    assert PartialDate.parse("2016-09").hi().day == 30
    assert PartialDate.parse("2007-00-00").iso() == "2007"
    with pytest.raises(ValueError):
        PartialDate.parse("2021-02-30")
    with pytest.raises(ValueError):
        PartialDate.parse("31/12/2020")
    posting = bounds("2008-06", "2009-03")
    assert overlaps(posting, bounds("2008-12-23", "2008-12-30"))
    assert not overlaps(bounds("2010", "2011"), bounds("2008-12-23", "2008-12-30"))
    # no recorded end: may still hold (cautious reading)
    assert overlaps(bounds("2005", None), bounds("2012-01-01", "2012-01-01"))


def test_migrations_match_the_models(store):
    """A model change without its Alembic migration fails here, on both backends."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from forcecheck.store.models import Base

    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []

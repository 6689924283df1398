"""The command's shell: help, init, stats, and how errors reach the user."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from forcecheck.cli.main import app


def test_help_lists_the_commands():
    out = CliRunner().invoke(app, ["--help"]).output
    for command in ("init", "import", "export", "stats"):
        assert command in out


def test_init_and_stats_json(cli):
    assert cli("init").exit_code == 0
    res = cli("stats", "--json")
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["assistance"] == 0 and data["units"] == 0


def test_unknown_import_kind_is_a_clear_error(cli, tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a,b\n1,2\n")
    res = CliRunner().invoke(app, ["--db", cli.db_url, "import", "nonsense", str(f)])
    assert res.exit_code == 2
    assert "unknown import kind 'nonsense'" in res.output


def test_audit_command_verifies_the_chain(cli):
    from sqlalchemy import update

    from forcecheck.store import Store
    from forcecheck.store.models import AuditEvent, Unit

    store = Store(cli.db_url, actor="alice")
    with store.transaction() as s:
        s.add(Unit(id="u1", name="Policía Municipal de Iguala"))
        s.add(Unit(id="u2", name="Policía Municipal de Cocula"))
    res = cli("audit")
    assert res.exit_code == 0 and "audit chain intact" in res.stdout and "unit:u2" in res.stdout
    with store.transaction(audit=False) as s:
        s.execute(update(AuditEvent).where(AuditEvent.record_id == "u1").values(record_id="u9"))
    store.dispose()
    res = cli("audit")
    assert res.exit_code == 1 and "audit chain broken" in res.stdout

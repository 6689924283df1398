"""Test fixtures: every store test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from forcecheck import settings
from forcecheck.store import Store

from .pg import PgServer, PgUnavailable

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


# ------------------------------------------------------------------ real shared data


def shared_file(*parts: str) -> Path:
    """A file of ../shared/data. Missing: a failure under CI (the data must be there), a skip elsewhere."""
    path = settings.SHARED_DATA.joinpath(*parts)
    if not path.exists():
        if CI:
            pytest.fail(f"shared dataset missing: {path}")
        pytest.skip(f"shared dataset missing: {path}")
    return path


@pytest.fixture
def shared():
    return shared_file


# ------------------------------------------------------------------ PostgreSQL


@pytest.fixture(scope="session")
def pg_admin_url():
    url = os.environ.get("FORCECHECK_TEST_PG_URL")
    if url:
        yield url
        return
    try:
        server = PgServer().start()
    except PgUnavailable as e:
        if CI or not os.environ.get("FORCECHECK_SKIP_PG"):
            pytest.fail(f"PostgreSQL is needed for the tests and could not start: {e}")
        pytest.skip(str(e))
    yield server.url
    server.stop()


_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_template(pg_admin_url):
    """A database migrated to the newest schema, copied for each test (fast: CREATE DATABASE ... TEMPLATE)."""
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    name = f"fc_template_{os.getpid()}"
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    base = pg_admin_url.rsplit("/", 1)[0]
    s = Store(f"{base}/{name}")
    s.init()
    s.dispose()
    yield admin, base, name
    admin.dispose()


def _pg_store(pg_template) -> tuple[Store, callable]:
    admin, base, template = pg_template
    name = f"fc_test_{os.getpid()}_{next(_counter)}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    store = Store(f"{base}/{name}", actor="test")

    def drop() -> None:
        store.dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return store, drop


# ------------------------------------------------------------------ the store, on both backends


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, migrated, empty evidence base URL on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        s = Store(url)
        s.init()
        s.dispose()
        yield url
    else:
        store, drop = _pg_store(request.getfixturevalue("pg_template"))
        yield store.url
        drop()


@pytest.fixture
def store(db_url):
    s = Store(db_url, actor="test")
    yield s
    s.dispose()


@pytest.fixture
def sqlite_store(tmp_path):
    """SQLite only: for tests about the embedded file itself (byte-for-byte checks)."""
    s = Store(f"sqlite:///{tmp_path / 'test.db'}", actor="test")
    s.init()
    yield s
    s.dispose()


@pytest.fixture
def cli(db_url):
    """Run the forcecheck CLI against the test database: ``cli("stats", "--json")``."""
    from forcecheck.cli.main import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, ["--db", db_url, *args], input=input, catch_exceptions=False)

    run.db_url = db_url
    return run

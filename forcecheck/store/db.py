"""Opening the evidence base: SQLite by default, PostgreSQL through a URL.

``Store`` owns the engine; ``store.transaction()`` yields a session that commits at the end
or rolls everything back on any error, with the actor recorded for the audit log. The
schema is created and upgraded by Alembic migrations (``store.init()``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from .. import settings
from . import audit as _audit_hook  # noqa: F401  (importing it registers the audit hook on every Session)

MIGRATIONS = Path(__file__).parent / "migrations"


def normalize_url(url: str) -> str:
    """Accept a bare path as SQLite, and ``postgresql://`` as the psycopg 3 driver."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


class Store:
    def __init__(self, url: str | None = None, *, actor: str | None = None, echo: bool = False):
        self.url = normalize_url(url or settings.db_url())
        self.actor = actor or settings.default_actor()
        self.engine: Engine = create_engine(self.url, echo=echo, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def sqlite_path(self) -> Path | None:
        u = make_url(self.url)
        return Path(u.database) if self.dialect == "sqlite" and u.database and u.database != ":memory:" else None

    # ---------------------------------------------------------------- schema

    def _alembic_config(self):  # type: ignore[no-untyped-def]
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return cfg

    def is_initialized(self) -> bool:
        return inspect(self.engine).has_table("alembic_version")

    def needs_upgrade(self) -> bool:
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(self._alembic_config()).get_current_head()
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        return current != head

    def init(self) -> None:
        """Create or upgrade the schema to the newest migration. Does nothing when current
        (so opening an up-to-date database never rewrites its file)."""
        if self.is_initialized() and not self.needs_upgrade():
            return
        from alembic import command

        cfg = self._alembic_config()
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    # ---------------------------------------------------------------- sessions

    @contextmanager
    def transaction(self, *, actor: str | None = None, audit: bool = True) -> Iterator[Session]:
        """One atomic unit of work: commit on success, roll back everything on error."""
        session = self._sessions()
        session.info["actor"] = actor or self.actor
        session.info["audit"] = audit
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; anything it would write is rolled back."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, *, actor: str | None = None, create: bool = True) -> Store:
    """Open (and by default create or upgrade) the evidence base at ``url``."""
    store = Store(url, actor=actor)
    if create:
        store.init()
    return store

"""Test-wide set-up: offscreen Qt, private user directories, and a database on each backend."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt or reads user directories.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = Path(os.environ.get("PYTEST_CRISISDESK_HOME", "/tmp")) / f"crisisdesk-tests-{os.getpid()}"
os.environ["CRISISDESK_HOME"] = str(_HOME)
os.environ.pop("CRISISDESK_DATABASE_URL", None)

from tests.fakes.fixtures import (  # noqa: E402  (shared fixtures, after the environment is set)
    douyin_fake,
    memory_keyring,
    wechat_fake,
    weibo_fake,
)
from tests.fakes.weibo import WeiboFake  # noqa: E402

__all__ = ["douyin_fake", "memory_keyring", "wechat_fake", "weibo_fake"]

POSTGRES_ENV = "CRISISDESK_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgres"]


def _admin_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A migrated PostgreSQL template database, cloned for each test."""
    admin = _admin_url()
    if admin is None:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (set by .ci/run)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from crisisdesk.storage.db import open_database

    name = f"cdtpl_{uuid.uuid4().hex[:10]}"
    engine = create_engine(make_url(admin), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    db = open_database(url)
    db.dispose()
    yield name
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _pg_database(template: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = _admin_url()
    assert admin is not None
    name = f"cdt_{uuid.uuid4().hex[:12]}"
    engine = create_engine(make_url(admin), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated database URL: SQLite always, PostgreSQL when a server is given."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workspace.sqlite3'}"
        return
    template = request.getfixturevalue("pg_template")
    yield from _pg_database(template)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite workspace URL in the test's own directory."""
    return f"sqlite:///{tmp_path / 'workspace.sqlite3'}"


@pytest.fixture
def db(db_url: str) -> Iterator[object]:
    """An opened, bootstrapped workspace on each backend."""
    from crisisdesk.services.workspace import open_workspace

    database = open_workspace(db_url)
    yield database
    database.dispose()


@pytest.fixture
def weibo(weibo_fake: WeiboFake) -> WeiboFake:
    """The fake Weibo server under its short name."""
    return weibo_fake

"""Finding the workspace without SQLAlchemy: URL choice, SQLite paths and labels."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crisisdesk.storage.locate import ENV_URL, resolve_url, sqlite_file, workspace_label


def test_workspace_label_hides_paths_and_passwords() -> None:
    assert workspace_label("sqlite:////home/u/data/office.sqlite3") == "office.sqlite3"
    assert workspace_label("sqlite://") == "内存数据库"
    assert workspace_label("postgresql+psycopg://u:secret@db.local/ops") == "ops@db.local"
    assert "secret" not in workspace_label("postgresql+psycopg://u:secret@db.local/ops")


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:////home/u/ws.sqlite3", Path("/home/u/ws.sqlite3")),
        ("sqlite:///relative.sqlite3", Path("relative.sqlite3")),
        ("sqlite+pysqlite:////tmp/a b/ws.db", Path("/tmp/a b/ws.db")),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("sqlite:////tmp/ws.sqlite3?mode=ro", None),  # options: leave it to SQLAlchemy
        ("postgresql+psycopg://u@host/db", None),
        ("not a url", None),
    ],
)
def test_sqlite_file(url: str, path: Path | None) -> None:
    assert sqlite_file(url) == path


def test_resolve_url_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_URL, "sqlite:////env.sqlite3")
    assert resolve_url("sqlite:////explicit.sqlite3") == "sqlite:////explicit.sqlite3"
    assert resolve_url(None, settings_url="sqlite:////s.sqlite3") == "sqlite:////env.sqlite3"
    monkeypatch.delenv(ENV_URL)
    assert resolve_url(None, settings_url="sqlite:////s.sqlite3") == "sqlite:////s.sqlite3"
    assert resolve_url(None).startswith("sqlite:///")


def test_locating_loads_no_sqlalchemy() -> None:
    code = (
        "import sys\n"
        "from crisisdesk.storage.locate import resolve_url, workspace_label\n"
        "from crisisdesk.services.inbox_first import first_rows\n"
        "workspace_label(resolve_url(None))\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"

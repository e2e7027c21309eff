"""The headless command line: version, db, demo, audit, and bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from crisisdesk import __version__
from crisisdesk.cli import main
from crisisdesk.storage.db import open_database
from crisisdesk.storage.schema import Account, AuditEvent, Comment, Wave


def test_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "crisisdesk", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"CrisisDesk {__version__}"


def test_db_upgrade_and_current(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "current", "--db", sqlite_url]) == 0
    assert "空数据库" in capsys.readouterr().out
    assert main(["db", "upgrade", "--db", sqlite_url]) == 0
    assert main(["db", "current", "--db", sqlite_url]) == 0
    assert "最新" in capsys.readouterr().out


def test_demo_builds_a_workspace_whose_audit_chain_verifies(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--comments", "400", "--quiet", "--db", sqlite_url]) == 0
    db = open_database(sqlite_url)
    with db.session() as s:
        assert s.execute(select(func.count()).select_from(Comment)).scalar_one() == 400
        assert s.execute(select(func.count()).select_from(Account)).scalar_one() == 6
        assert s.execute(select(func.count()).select_from(Account).where(Account.paused)).scalar_one() == 5
        assert s.execute(select(func.max(Wave.size))).scalar_one() >= 3
        negative = s.execute(
            select(func.count()).select_from(Comment).where(Comment.sentiment == "negative")
        ).scalar_one()
        assert negative > 40
    assert main(["audit", "verify", "--db", sqlite_url]) == 0
    assert "审计链完整" in capsys.readouterr().out
    with db.session() as s:
        s.execute(update(AuditEvent).where(AuditEvent.id == 1).values(actor="someone"))
    db.dispose()
    assert main(["audit", "verify", "--db", sqlite_url]) == 1
    assert "第 1 号记录处断开" in capsys.readouterr().out


def test_demo_refuses_a_workspace_that_has_comments(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--comments", "50", "--quiet", "--db", sqlite_url]) == 0
    assert main(["demo", "--comments", "50", "--quiet", "--db", sqlite_url]) == 2
    assert "已有评论" in capsys.readouterr().err


def test_bad_database_url_exits_non_zero_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade", "--db", "mysql://nowhere/x"]) == 2
    assert "不支持的数据库类型" in capsys.readouterr().err


def test_corrupt_settings_file_exits_non_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text("[[[", encoding="utf-8")
    monkeypatch.setenv("CRISISDESK_HOME", str(home))
    assert main(["db", "current"]) == 2
    assert "已损坏" in capsys.readouterr().err
    assert (home / "config" / "settings.json").read_text(encoding="utf-8") == "[[["

"""GUI start with bad input: a clear message, a non-zero exit code, nothing overwritten."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from crisisdesk.app import run_gui
from tests.ui.workspace_data import new_db


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_unknown_url_scheme(qtbot: QtBot, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_gui("mysql://somewhere/db", demo=False)
    assert code != 0
    assert "不支持的数据库类型" in capsys.readouterr().err


def test_database_from_a_newer_version_is_left_alone(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = new_db(tmp_path)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.dispose()
    path = tmp_path / "ws.sqlite3"
    before = _digest(path)
    code = run_gui(f"sqlite:///{path}", demo=False)
    assert code != 0
    assert "更新版本" in capsys.readouterr().err
    assert _digest(path) == before


def test_read_only_directory(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if _can_write(locked):
            pytest.skip("running as a user who can write anywhere (root)")
        code = run_gui(f"sqlite:///{locked / 'ws.sqlite3'}", demo=False)
    finally:
        locked.chmod(0o700)
    assert code != 0
    assert "只读" in capsys.readouterr().err
    assert list(locked.iterdir()) == []


def _can_write(directory: Path) -> bool:
    try:
        (directory / ".probe").touch()
    except OSError:
        return False
    (directory / ".probe").unlink()
    return True


def test_corrupt_settings_file(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CRISISDESK_HOME", str(tmp_path))
    settings = tmp_path / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("{not json", encoding="utf-8")
    code = run_gui(None, demo=False)
    assert code != 0
    assert "已损坏" in capsys.readouterr().err
    assert settings.read_text(encoding="utf-8") == "{not json"
    assert not (tmp_path / "data" / "workspace.sqlite3").exists()


def test_start_up_leaves_the_chart_library_and_analysis_unloaded(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from crisisdesk.services.workspace import open_workspace

    # A workspace opened before (bootstrapped), as on every start but the first.
    open_workspace(f"sqlite:///{tmp_path / 'ws.sqlite3'}").dispose()
    code = (
        "import sys\n"
        "from crisisdesk.app import start_gui\n"
        "app, window = start_gui(sys.argv[1], False)\n"
        "assert window.inbox_model() is not None and window.pane('trends') is None\n"
        "print(','.join(m for m in ('pyqtgraph', 'jieba', 'crisisdesk.analysis') if m in sys.modules))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CRISISDESK_HOME=str(tmp_path / "home"))
    out = subprocess.run(
        [sys.executable, "-c", code, f"sqlite:///{tmp_path / 'ws.sqlite3'}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_a_data_directory_that_cannot_be_created(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    # /proc refuses new directories even to root, unlike permission bits.
    code = run_gui("sqlite:////proc/crisisdesk-test/ws.sqlite3", demo=False)
    assert code != 0
    assert "无法创建数据目录" in capsys.readouterr().err

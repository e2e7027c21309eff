"""Issue 4's bar from the command line: add a Weibo account at a local fake, sync, reply once."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from crisisdesk.cli import main
from tests.fakes.keyring_memory import MemoryKeyring
from tests.fakes.weibo import WeiboFake

pytestmark = pytest.mark.usefixtures("memory_keyring")


def test_add_sync_reply_once_from_the_command_line(
    sqlite_url: str,
    weibo: WeiboFake,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    weibo.add_comments(60)
    token = json.dumps({"access_token": "good-token", "uid": weibo.uid})
    monkeypatch.setattr("sys.stdin", io.StringIO(token))
    assert main(["accounts", "add", "weibo", "--name", "滨江发布", "--base-url", weibo.url,
                 "--token-stdin", "--set", "timeout=2", "--db", sqlite_url]) == 0
    out = capsys.readouterr().out
    assert "凭据已存入系统密钥环" in out
    # The token lives in the keyring only: not in the database file, not in the output.
    assert "good-token" not in out
    assert any("good-token" in v for v in memory_keyring.store.values())
    db_file = Path(sqlite_url.removeprefix("sqlite:///"))
    assert b"good-token" not in db_file.read_bytes()

    assert main(["sync", "--once", "--db", sqlite_url]) == 0
    assert "新增评论 60 条" in capsys.readouterr().out
    assert main(["accounts", "list", "--db", sqlite_url]) == 0
    assert "正常" in capsys.readouterr().out

    assert main(["export", "comments", "--format", "jsonl", "--db", sqlite_url]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["platform_id"] for r in lines} == weibo.comment_ids()
    assert set(lines[0]) >= {"account", "platform", "platform_id", "time", "author", "text"}

    assert main(["replies", "draft", "1", "--text", "您好，已转相关部门核实，请留意回复。", "--submit", "--db", sqlite_url]) == 0
    assert main(["replies", "approve", "1", "--db", sqlite_url]) == 0
    assert main(["replies", "send", "1", "--db", sqlite_url]) == 0
    assert "已发送" in capsys.readouterr().out
    assert len(weibo.replies) == 1
    assert main(["replies", "send", "1", "--db", sqlite_url]) == 2  # already sent: refused
    assert len(weibo.replies) == 1
    assert main(["audit", "verify", "--db", sqlite_url]) == 0


def test_import_twice_adds_nothing_the_second_time(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "评论内容,评论时间,用户昵称,点赞数\n"
        "系统一直登不上去，什么时候能修好？,2026-11-20 09:15,江边的风,3\n"
        "窗口工作人员态度很好,2026/11/20 10:02:11,小城故事,0\n"
        "坏行没有时间,,某网友,0\n",
        encoding="utf-8",
    )
    assert main(["import", str(path), "--db", sqlite_url]) == 0
    out = capsys.readouterr().out
    assert "新增评论 2 条" in out and "第 4 行" in out
    assert main(["import", str(path), "--db", sqlite_url]) == 0
    assert "新增评论 0 条" in capsys.readouterr().out

"""`crisisdesk search`: the same matches as the service, counts, JSON lines, filters."""

from __future__ import annotations

import json

import pytest

from crisisdesk.cli import main
from crisisdesk.services.inbox import Inbox, InboxFilter
from crisisdesk.storage.db import Database
from tests.services.test_inbox_fixtures import ODD_TEXTS, fill


def test_search_command_agrees_with_the_service(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = fill(db, ["社保缴费系统崩了", "请问社保怎么交", "谢谢", *ODD_TEXTS])
    fill(db, ["社保窗口太差了"], account="滨江人社")
    url = db.url
    assert main(["search", "社保", "--count", "--db", url]) == 0
    assert capsys.readouterr().out.strip() == str(Inbox(db).count(InboxFilter(query="社保")))

    assert main(["search", "社保", "--format", "jsonl", "--limit", "50", "--db", url]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    want, _ = Inbox(db).page_ids(InboxFilter(query="社保"), limit=50)
    assert [x["id"] for x in lines] == want
    assert {"id", "account", "created_at", "text"} <= set(lines[0])
    by_id = {x["id"]: x["text"] for x in lines}
    assert by_id[ids[3]] == ODD_TEXTS[0]  # verbatim, markup and all

    assert (
        main(["search", "社保", "--account", "滨江人社", "--sentiment", "negative", "--db", url])
        == 0
    )
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 1 and "社保窗口太差了" in listed[0]

    assert main(["search", "社保卡补办", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "第一行 第二行 制表" in out  # one line per comment

    assert main(["search", "无此内容", "--status", "handled", "--db", url]) == 0
    assert "没有找到" in capsys.readouterr().out
    assert main(["search", '""', "--db", url]) == 2
    assert "检索词为空" in capsys.readouterr().err

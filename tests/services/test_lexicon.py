"""The workspace's reading: watch lists, the office's words, corrections and learnt IDF reach ingest."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from crisisdesk.cli import main
from crisisdesk.domain import Platform, Sentiment
from crisisdesk.services import lexicon
from crisisdesk.services.ingest import Ingestor, ensure_account
from crisisdesk.services.triage import Selection, Triage
from crisisdesk.services.workspace import ensure_operator
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Comment, WatchHitRow, WorkspaceSetting
from tests.services.test_ingest import _comment


def _account(db: Database) -> int:
    with db.session() as s:
        return ensure_account(s, platform=Platform.WEIBO, name="滨江发布").id


def test_watch_lists_reach_ingest_and_removal_stops_new_hits(db: Database) -> None:
    acc = _account(db)
    with db.session() as s:
        assert lexicon.add_watch_words(s, "本次事件", ["滞纳金", "系统瘫痪"], kind="incident", actor="t") == 2
        assert lexicon.add_watch_words(s, "本次事件", ["滞纳金"], actor="t") == 0
    ing = Ingestor(db)
    ing.ingest(acc, [_comment(1, "系统瘫痪了，逾期的滞纳金谁来承担？")])
    with db.session() as s:
        words = set(s.execute(select(WatchHitRow.word)).scalars())
        assert words == {"滞纳金", "系统瘫痪"}
        assert lexicon.remove_watch_words(s, "本次事件", actor="t") == 2
    ing.refresh_analysis()
    ing.ingest(acc, [_comment(2, "滞纳金到底怎么算")])
    with db.session() as s:
        hits = s.execute(select(Comment.watch_hit_count).where(Comment.external_id == "c2")).scalar_one()
        assert hits == 0
        assert s.get(WorkspaceSetting, lexicon.IDF_KEY) is not None  # learnt IDF was kept


def test_the_offices_words_stay_whole(db: Database) -> None:
    acc = _account(db)
    with db.session() as s:
        lexicon.add_custom_words(s, ["滨江通办"], actor="t")
        assert lexicon.custom_words(s) == ["滨江通办"]
    Ingestor(db).ingest(acc, [_comment(1, "滨江通办小程序打不开")])
    with db.session() as s:
        keywords = s.execute(select(Comment.analysis)).scalar_one()["keywords"]
    assert "滨江通办" in keywords


def test_corrections_adapt_the_model_and_reset_goes_back(db: Database) -> None:
    acc = _account(db)
    text = "这次的通知写得真清楚，一看就懂"
    ing = Ingestor(db)
    ing.ingest(acc, [_comment(1, text)])
    with db.session() as s:
        first = s.execute(select(Comment)).scalar_one()
        machine = Sentiment(first.sentiment)
        wanted = Sentiment.NEGATIVE if machine is not Sentiment.NEGATIVE else Sentiment.POSITIVE
        op = ensure_operator(s, "liqiang").id
        selection = Selection({first.id: first.version})
    Triage(db, operator_id=op).correct_sentiment(selection, wanted)
    ing.refresh_analysis()
    ing.ingest(acc, [_comment(2, text, author_id="another")])
    with db.session() as s:
        again = s.execute(select(Comment.sentiment).where(Comment.external_id == "c2")).scalar_one()
        assert again == wanted.value
        lexicon.set_adaptation(s, False, actor="t")
    ing.refresh_analysis()
    ing.ingest(acc, [_comment(3, text, author_id="third")])
    with db.session() as s:
        reset = s.execute(select(Comment.sentiment).where(Comment.external_id == "c3")).scalar_one()
    assert reset == machine.value


def test_watch_words_and_sentiment_from_the_command_line(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["watch", "add", "敏感词", "泄露", "黑客", "--db", sqlite_url]) == 0
    assert main(["watch", "list", "--db", sqlite_url]) == 0
    assert "敏感词（2 个词）：泄露、黑客" in capsys.readouterr().out
    assert main(["words", "add", "滨江通办", "--db", sqlite_url]) == 0
    assert main(["words", "list", "--db", sqlite_url]) == 0
    assert "滨江通办" in capsys.readouterr().out
    assert main(["sentiment", "reset", "--db", sqlite_url]) == 0
    assert main(["sentiment", "status", "--db", sqlite_url]) == 0
    assert "未采用" in capsys.readouterr().out
    assert main(["watch", "remove", "敏感词", "--db", sqlite_url]) == 0
    assert main(["watch", "list", "--db", sqlite_url]) == 0
    assert "尚无关注词表" in capsys.readouterr().out

"""Shared helpers for the inbox, search and triage tests: a small realistic workspace."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

import pytest

from crisisdesk.connectors.base import RemoteComment
from crisisdesk.domain import AnalysisResult, Intent, Platform, Sentiment, WatchHit
from crisisdesk.services.demo import load_demo_spec
from crisisdesk.services.ingest import Ingestor, ensure_account
from crisisdesk.services.workspace import ensure_operator
from crisisdesk.storage.db import Database
from tests.conftest import BACKENDS, _pg_database

T0 = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)  # every deadline long past
_SLOT = re.compile(r"\{([^{}]+)\}")
NEGATIVE_MARKS = ("差", "没人", "晚点", "崩", "投诉", "瘫痪")

# Comments that look like markup, or carry characters that must survive untouched.
ODD_TEXTS = (
    "<b>加粗</b><script>alert('x')</script> 社保窗口太慢",
    '<a href="http://例子.cn">点这里</a> &amp; 请问医保怎么办',
    "ＡＢＣ全角字母与 ｅｍｏｊｉ 😡😡 社保",
    "第一行\n第二行\t制表 社保卡补办",
    "問題很嚴重，請儘快處理社保問題",
    "100% 的人都说 _下划线_ 和 50%折扣",
)


def fake_analyze(texts: Sequence[str]) -> list[AnalysisResult]:
    """A predictable, fast reading: complaint words are negative; 崩 is a watch-word."""
    out = []
    for t in texts:
        neg = any(m in t for m in NEGATIVE_MARKS)
        hits = [WatchHit("崩", "敏感词", t.index("崩"), t.index("崩") + 1)] if "崩" in t else []
        out.append(
            AnalysisResult(
                text=t,
                normalized=t.lower(),
                tokens=list(t),
                sentiment=Sentiment.NEGATIVE if neg else Sentiment.NEUTRAL,
                score=-0.8 if neg else 0.0,
                confidence=0.9,
                intent=Intent.COMPLAINT if neg else Intent.QUESTION,
                intent_evidence=["没人"] if "没人" in t else [],
                keywords=[w for w in ("社保", "医保", "窗口") if w in t],
                watch_hits=hits,
                simhash=hash(t) & 0x7FFFFFFFFFFFFFFF,
            )
        )
    return out


def corpus(n: int, seed: int = 7) -> list[str]:
    """n comments filled from the demo's patterns, plus the odd ones."""
    spec = load_demo_spec()
    rng = random.Random(seed)
    patterns = [p for group in spec["everyday"].values() for p in group]
    patterns += list(spec["wave"]["copy_paste"]) + list(spec["wave"]["organic"])
    slots: dict[str, list[str]] = spec["slots"]
    texts = [
        _SLOT.sub(lambda m: rng.choice(slots.get(m.group(1), [m.group(0)])), rng.choice(patterns))
        for _ in range(n)
    ]
    return [*ODD_TEXTS, *texts]


def remote(i: int, text: str, *, minutes: int | None = None, **kw: object) -> RemoteComment:
    """A remote comment i, one minute apart by default."""
    base: dict[str, object] = {
        "external_id": f"c{i}",
        "post_external_id": "p1",
        "parent_external_id": None,
        "author_id": f"a{i % 17}",
        "author_name": f"网友{i % 17}",
        "text": text,
        "created_at": T0 + timedelta(minutes=i if minutes is None else minutes),
        "post_title": "关于社保缴费的通知",
    }
    base.update(kw)
    return RemoteComment(**base)  # type: ignore[arg-type]


def fill(db: Database, texts: Sequence[str], *, account: str = "滨江发布") -> list[int]:
    """Ingest texts as comments of one account; returns their ids in order."""
    with db.session() as s:
        acc = ensure_account(s, platform=Platform.WEIBO, name=account).id
    result = Ingestor(db, analyze=fake_analyze).ingest(
        acc, [remote(i, t) for i, t in enumerate(texts)]
    )
    return result.new_ids


def operator(db: Database, username: str) -> int:
    """An operator id (created on first use)."""
    with db.session() as s:
        return ensure_operator(s, username, display_name=f"{username}同志").id


@pytest.fixture(scope="module", params=BACKENDS)
def module_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """One workspace per module and backend (tests keep to their own account's comments)."""
    from crisisdesk.services.workspace import open_workspace

    if request.param == "sqlite":
        db = open_workspace(f"sqlite:///{tmp_path_factory.mktemp('ws') / 'workspace.sqlite3'}")
        yield db
        db.dispose()
        return
    # The conftest helper creates a database from the template and drops it when resumed.
    for url in _pg_database(request.getfixturevalue("pg_template")):
        db = open_workspace(url)
        yield db
        db.dispose()


@pytest.fixture(scope="module")
def corpus_db(module_db: Database) -> tuple[Database, dict[int, str]]:
    """A module's workspace holding a 400-comment corpus (read-only tests)."""
    texts = corpus(400, seed=11)
    ids = fill(module_db, texts, account="语料账号")
    return module_db, dict(zip(ids, texts, strict=True))

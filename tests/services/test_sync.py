"""Sync and sending against the fake Weibo server: faults, statuses, exactly-once replies."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from crisisdesk.connectors.base import AccountCheck, Connector, FetchPage, SentReply
from crisisdesk.connectors.credentials import CredentialStore
from crisisdesk.connectors.errors import Transient
from crisisdesk.domain import AccountStatus, Platform, ReplyState
from crisisdesk.services import replies
from crisisdesk.services.accounts import ConnectorPool, add_account
from crisisdesk.services.ingest import Ingestor, IngestResult, load_cursor
from crisisdesk.services.sync import SyncService
from crisisdesk.services.sync_pages import MAX_QUEUED
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Account, Comment
from tests.fakes.keyring_memory import MemoryKeyring
from tests.fakes.weibo import WeiboFake
from tests.services.test_ingest import fake_analyze

# Pages of 50 (the default is Weibo's largest, 200) so that a few hundred comments span pages.
FAST = {"timeout": 0.5, "connect_timeout": 0.5, "retries": 1, "backoff": 0.0, "requests_per_hour": 3_600_000, "burst": 10_000, "page_size": 50}


@pytest.fixture
def setup(db: Database, weibo: WeiboFake, memory_keyring: MemoryKeyring) -> Iterator[tuple[SyncService, ConnectorPool, int]]:
    aid, pool = _weibo_account(db, weibo, "滨江发布", FAST)
    yield SyncService(db, pool, ingestor=Ingestor(db, analyze=fake_analyze)), pool, aid
    pool.close_all()


def _weibo_account(
    db: Database, weibo: WeiboFake, name: str, settings: dict[str, Any]
) -> tuple[int, ConnectorPool]:
    """A Weibo account on the fake with these settings; its id and a connector pool."""
    store = CredentialStore()
    view = add_account(
        db, store, platform=Platform.WEIBO, name=name, base_url=weibo.url, settings=settings,
        credentials={"access_token": "good-token", "uid": weibo.uid}, actor="tester",
    )  # fmt: skip
    return view.id, ConnectorPool(store)


def _stored(db: Database) -> set[str]:
    with db.session() as s:
        return set(s.execute(select(Comment.external_id)).scalars())


def _status(db: Database, account_id: int) -> AccountStatus:
    with db.session() as s:
        account = s.get(Account, account_id)
        assert account is not None
        return AccountStatus(account.sync_status)


def test_sync_brings_every_comment_once(db: Database, weibo: WeiboFake, setup: tuple[SyncService, ConnectorPool, int]) -> None:
    service, _, aid = setup
    weibo.add_comments(230)
    [outcome] = service.run_once()
    assert outcome.status is AccountStatus.OK and outcome.new_comments == 230
    weibo.add_comments(40)
    service.run_once()
    service.run_once()
    assert _stored(db) == weibo.comment_ids()
    assert _status(db, aid) is AccountStatus.OK


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        ({"kind": "status", "status": 503, "times": 2}, AccountStatus.ERROR),
        ({"kind": "status", "status": 429, "times": 2}, AccountStatus.RATE_LIMITED),
        ({"kind": "malformed", "times": 2}, AccountStatus.ERROR),
        ({"kind": "html", "times": 2}, AccountStatus.ERROR),
        ({"kind": "reset", "times": 2}, AccountStatus.ERROR),
    ],
)
def test_a_fault_sets_the_status_and_sync_resumes_without_loss(
    db: Database,
    weibo: WeiboFake,
    setup: tuple[SyncService, ConnectorPool, int],
    fault: dict[str, object],
    status: AccountStatus,
) -> None:
    service, _, aid = setup
    weibo.add_comments(120)
    service.run_once()
    weibo.add_comments(80)
    weibo.server.inject(path="comments/to_me", **fault)  # type: ignore[arg-type]
    [failed] = service.run_once()
    weibo.server.clear_faults()  # the platform recovers
    assert failed.status is status
    assert failed.retry_in is not None and failed.retry_in > 0
    assert _status(db, aid) is status
    [ok] = service.run_once()
    assert ok.status is AccountStatus.OK
    assert _stored(db) == weibo.comment_ids()


def test_an_expired_token_waits_for_the_user(db: Database, weibo: WeiboFake, setup: tuple[SyncService, ConnectorPool, int]) -> None:
    service, _, aid = setup
    weibo.add_comments(10)
    weibo.tokens["good-token"] = "expired"
    [outcome] = service.run_once()
    assert outcome.status is AccountStatus.AUTH_EXPIRED
    assert "授权" in outcome.message or "令牌" in outcome.message or outcome.message
    assert aid not in service.due_accounts()


def test_a_paused_account_is_not_synced(db: Database, weibo: WeiboFake, setup: tuple[SyncService, ConnectorPool, int]) -> None:
    service, _, aid = setup
    weibo.add_comments(10)
    service.set_paused(aid, True)
    assert service.due_accounts() == []
    assert _stored(db) == set()
    service.set_paused(aid, False)
    service.run_once()
    assert len(_stored(db)) == 10


def _approved_reply(db: Database, text: str = "您好，已转相关部门核实处理，请留意后续回复。") -> tuple[int, str]:
    with db.session() as s:
        comment = s.execute(select(Comment).order_by(Comment.id)).scalars().first()
        assert comment is not None
        r = replies.create_draft(s, comment_id=comment.id, text=text, actor="zhangmin")
        replies.submit_for_review(s, r.id, actor="zhangmin")
        replies.approve(s, r.id, actor="liqiang")
        return r.id, comment.external_id


def test_a_reply_is_sent_once(db: Database, weibo: WeiboFake, setup: tuple[SyncService, ConnectorPool, int]) -> None:
    service, pool, _ = setup
    weibo.add_comments(5)
    service.run_once()
    rid, _ = _approved_reply(db)
    view = replies.send(db, rid, actor="zhangmin", factory=pool)
    assert view.state is ReplyState.SENT and view.external_id
    assert len(weibo.replies) == 1
    with pytest.raises(replies.ReplyError):
        replies.send(db, rid, actor="zhangmin", factory=pool)
    assert len(weibo.replies) == 1


def test_a_lost_response_is_checked_before_retrying(db: Database, weibo: WeiboFake, setup: tuple[SyncService, ConnectorPool, int]) -> None:
    service, pool, _ = setup
    weibo.add_comments(5)
    service.run_once()
    rid, _ = _approved_reply(db)
    weibo.server.inject(kind="lose_response", path="comments/reply")
    failed = replies.send(db, rid, actor="zhangmin", factory=pool)
    assert failed.state is ReplyState.FAILED
    assert failed.last_error and "核实" in failed.last_error
    assert len(weibo.replies) == 1  # the platform did accept it
    retried = replies.send(db, rid, actor="zhangmin", factory=pool)
    assert retried.state is ReplyState.SENT
    assert len(weibo.replies) == 1  # found, not posted again


def test_a_failed_send_can_be_retried_once_and_succeeds(db: Database, weibo: WeiboFake, setup: tuple[SyncService, ConnectorPool, int]) -> None:
    service, pool, _ = setup
    weibo.add_comments(5)
    service.run_once()
    rid, _ = _approved_reply(db)
    weibo.server.inject(kind="status", status=503, path="comments/reply", times=3)
    failed = replies.send(db, rid, actor="zhangmin", factory=pool)
    weibo.server.clear_faults()
    assert failed.state is ReplyState.FAILED and failed.last_error
    assert len(weibo.replies) == 0
    assert replies.send(db, rid, actor="zhangmin", factory=pool).state is ReplyState.SENT
    assert len(weibo.replies) == 1


def test_two_operators_cannot_both_answer_one_comment(db: Database, weibo: WeiboFake, setup: tuple[SyncService, ConnectorPool, int]) -> None:
    service, pool, _ = setup
    weibo.add_comments(3)
    service.run_once()
    first, _ = _approved_reply(db, "您好，感谢反映，已转交办理。")
    second, _ = _approved_reply(db, "您好，问题已记录。")
    assert replies.send(db, first, actor="zhangmin", factory=pool).state is ReplyState.SENT
    with pytest.raises(replies.ReplyConflict) as err:
        replies.send(db, second, actor="liqiang", factory=pool)
    assert "已有其他回复" in str(err.value)
    assert len(weibo.replies) == 1


def test_a_reply_over_the_limit_is_refused_before_sending(db: Database, weibo: WeiboFake, setup: tuple[SyncService, ConnectorPool, int]) -> None:
    service, pool, _ = setup
    weibo.add_comments(1)
    service.run_once()
    rid, _ = _approved_reply(db, "很" * 141)
    view = replies.send(db, rid, actor="zhangmin", factory=pool)
    assert view.state is ReplyState.FAILED and "140" in (view.last_error or "")
    assert len(weibo.replies) == 0


def test_interrupted_sends_are_recovered_as_uncertain(db: Database, weibo: WeiboFake, setup: tuple[SyncService, ConnectorPool, int]) -> None:
    service, pool, _ = setup
    weibo.add_comments(2)
    service.run_once()
    rid, _ = _approved_reply(db)
    replies._claim(db, rid, "zhangmin")  # the process dies here, after claiming
    assert replies.recover_interrupted(db) == 1
    assert replies.send(db, rid, actor="zhangmin", factory=pool).state is ReplyState.SENT
    with db.session() as s:
        assert s.execute(select(func.count()).select_from(Comment)).scalar_one() == 2


def test_the_first_reply_about_an_incident_goes_on_its_timeline(db: Database, weibo: WeiboFake, setup: tuple[SyncService, ConnectorPool, int]) -> None:
    from crisisdesk.services import incidents
    from crisisdesk.storage.schema import Incident

    service, pool, _ = setup
    weibo.add_comments(2)
    service.run_once()
    rid, _ = _approved_reply(db)
    with db.session() as s:
        comment_id = s.execute(select(Comment.id).order_by(Comment.id)).scalars().first()
        assert comment_id is not None
        iid = incidents.create_incident(s, title="社保系统故障", actor="wangfang")
        incidents.link_comments(s, iid, [comment_id], actor="wangfang")
    assert replies.send(db, rid, actor="zhangmin", factory=pool).state is ReplyState.SENT
    with db.session() as s:
        incident = s.get(Incident, iid)
        assert incident is not None and incident.first_reply_at is not None


def test_a_new_template_is_approved_suggested_sent_and_counted(
    db: Database, weibo: WeiboFake, setup: tuple[SyncService, ConnectorPool, int]
) -> None:
    """Issue 6's bar at the service level: write, approve, get suggested, send, usage rises."""
    from crisisdesk.domain import Role
    from crisisdesk.services.template_policy import approve_version
    from crisisdesk.services.template_preview import preview
    from crisisdesk.services.template_suggest import suggest_for_comment
    from crisisdesk.services.template_usage import usage_stats
    from crisisdesk.services.templates import create_template
    from crisisdesk.services.workspace import ensure_operator

    service, pool, _ = setup
    weibo.add_comments(1)
    service.run_once()
    with db.session() as s:
        author = ensure_operator(s, "zhangmin", roles=[Role.OPERATOR]).id
        reviewer = ensure_operator(s, "liqiang", roles=[Role.REVIEWER]).id
        info = create_template(
            s,
            name="停车收费咨询答复",
            category="faq",
            body="{用户昵称|网友}您好，停车收费标准以{办理单位|市发展改革委}公布为准，详情可拨打12345咨询。",
            tags=["停车", "收费", "停车场"],
            scenario_tags=["question"],
            by=author,
        )
        approve_version(s, info.latest.id, by=reviewer)
        comment = s.execute(select(Comment).order_by(Comment.id)).scalars().first()
        assert comment is not None
        comment.text = comment.normalized_text = "请问小区旁边的停车场收费标准是多少？停车收费怎么这么贵"
        comment.intent = "question"
    with db.session() as s:
        names = [sg.name for sg in suggest_for_comment(s, comment.id, top=3)]
        assert "停车收费咨询答复" in names
        rendered = preview(s, template_ids=[info.id], comment_id=comment.id, platform=Platform.WEIBO)
        assert not rendered.problems and "12345" in rendered.text
        r = replies.create_draft(
            s,
            comment_id=comment.id,
            text=rendered.text,
            actor="zhangmin",
            author_id=author,
            template_version_ids=list(rendered.version_ids),
        )
        replies.submit_for_review(s, r.id, actor="zhangmin")
        replies.approve(s, r.id, actor="liqiang", reviewer_id=reviewer)
        rid = r.id
    assert replies.send(db, rid, actor="zhangmin", factory=pool).state is ReplyState.SENT
    with db.session() as s:
        stats = {u.name: u for u in usage_stats(s)}
    assert stats["停车收费咨询答复"].times_used == 1
    assert stats["停车收费咨询答复"].by_operator == {author: 1}


class _FailingFetch(Connector):
    """Wraps a connector; its fetch number `fail_at` (1-based) raises a transient error."""

    def __init__(self, inner: Connector, fail_at: int) -> None:
        self.inner = inner
        self.platform = inner.platform  # type: ignore[misc]
        self.fail_at = fail_at
        self.calls = 0

    def scopes(self) -> list[str]:
        return self.inner.scopes()

    def fetch(self, scope: str, cursor: str | None) -> FetchPage:
        self.calls += 1
        if self.calls == self.fail_at:
            raise Transient("接口暂时不可用")
        return self.inner.fetch(scope, cursor)

    def post_reply(
        self, *, comment_external_id: str, post_external_id: str | None, text: str, idempotency_key: str
    ) -> SentReply:
        raise AssertionError("sync never replies")

    def find_reply(
        self, *, comment_external_id: str, post_external_id: str | None, text: str
    ) -> SentReply | None:
        raise AssertionError("sync never replies")

    def check(self) -> AccountCheck:
        raise AssertionError("sync never checks")


class _FailingIngest(Ingestor):
    """Its ingest number `fail_at` (1-based) fails like a database fault."""

    def __init__(self, db: Database, fail_at: int) -> None:
        super().__init__(db, analyze=fake_analyze)
        self.fail_at = fail_at
        self.calls = 0

    def ingest(self, *args: Any, **kw: Any) -> IngestResult:
        self.calls += 1
        if self.calls == self.fail_at:
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return super().ingest(*args, **kw)


def _cursor(db: Database, aid: int) -> str | None:
    with db.session() as s:
        return load_cursor(s, aid, "to_me")


def _no_fetch_threads_left() -> bool:
    return not any(t.name.startswith("sync-fetch") for t in threading.enumerate())


def test_a_failed_fetch_ahead_keeps_the_page_before_and_its_cursor(
    db: Database, weibo: WeiboFake, setup: tuple[SyncService, ConnectorPool, int]
) -> None:
    _, pool, aid = setup
    weibo.add_comments(230)  # five pages of 50, newest first
    flaky: list[_FailingFetch] = []

    def factory(account: Account) -> Connector:
        flaky.append(_FailingFetch(pool(account), fail_at=3))
        return flaky[-1]

    service = SyncService(db, factory, ingestor=Ingestor(db, analyze=fake_analyze))
    [failed] = service.run_once()
    assert failed.status is AccountStatus.ERROR and failed.pages == 2
    assert len(_stored(db)) == 100 and _cursor(db, aid) is not None
    assert _no_fetch_threads_left()
    resumed = SyncService(db, pool, ingestor=Ingestor(db, analyze=fake_analyze))
    [ok] = resumed.run_once()
    assert ok.status is AccountStatus.OK and ok.new_comments == 130
    assert _stored(db) == weibo.comment_ids()


def test_a_store_failure_drops_the_page_fetched_ahead(
    db: Database, weibo: WeiboFake, setup: tuple[SyncService, ConnectorPool, int]
) -> None:
    _, pool, aid = setup
    weibo.add_comments(230)
    service = SyncService(db, pool, ingestor=_FailingIngest(db, fail_at=2))
    [failed] = service.run_once()
    # The first store takes page one, plus any page already fetched and read by then
    # (timing decides); the second store fails and every page in it is dropped.
    assert failed.status is AccountStatus.ERROR and 1 <= failed.pages < 5
    stored = len(_stored(db))
    assert stored == failed.new_comments == 50 * failed.pages
    assert _cursor(db, aid) is not None and _no_fetch_threads_left()
    [ok] = SyncService(db, pool, ingestor=Ingestor(db, analyze=fake_analyze)).run_once()
    assert ok.new_comments == 230 - stored and _stored(db) == weibo.comment_ids()


def test_the_rate_limit_stops_after_the_page_in_hand_is_stored(
    db: Database, weibo: WeiboFake, memory_keyring: MemoryKeyring
) -> None:
    # Two calls, then 100 s a call.
    aid, pool = _weibo_account(db, weibo, "限流账号", {**FAST, "requests_per_hour": 36, "burst": 2})
    weibo.add_comments(230)
    try:
        service = SyncService(db, pool, ingestor=Ingestor(db, analyze=fake_analyze))
        [limited] = service.run_once()
        assert limited.status is AccountStatus.RATE_LIMITED and limited.pages == 2
        assert limited.retry_in is not None and limited.retry_in > 0
        assert len(_stored(db)) == 100 and _cursor(db, aid) is not None
        assert weibo.server.count("comments/to_me") == 2  # nothing fetched that was not stored
    finally:
        pool.close_all()


def test_weibo_pages_are_200_comments_unless_set(
    db: Database, weibo: WeiboFake, memory_keyring: MemoryKeyring
) -> None:
    settings = {k: v for k, v in FAST.items() if k != "page_size"}
    _aid, pool = _weibo_account(db, weibo, "默认页长", settings)
    weibo.add_comments(450)
    try:
        [outcome] = SyncService(db, pool, ingestor=Ingestor(db, analyze=fake_analyze)).run_once()
    finally:
        pool.close_all()
    assert outcome.new_comments == 450
    # 200 + 200 + 50, then the page that brings nothing new and closes the gap (9 + 1 at 50).
    assert weibo.server.count("comments/to_me") == outcome.pages == 4


class _SlowIngest(Ingestor):
    """Stores slowly, and notes how many pages had been fetched but not stored at each store."""

    def __init__(self, db: Database, fetches: _FailingFetch, page: int) -> None:
        super().__init__(db, analyze=fake_analyze)
        self.fetches = fetches
        self.page = page
        self.stored_pages = 0
        self.ahead: list[int] = []

    def ingest(self, account_id: int, comments: Any, **kw: Any) -> IngestResult:
        self.ahead.append(self.fetches.calls - self.stored_pages)
        time.sleep(0.1)  # a store much slower than the platform
        result = super().ingest(account_id, comments, **kw)
        self.stored_pages += -(-len(comments) // self.page)
        return result


def test_the_pages_fetched_ahead_of_a_slow_store_stay_bounded(
    db: Database, weibo: WeiboFake, memory_keyring: MemoryKeyring
) -> None:
    _aid, pool = _weibo_account(db, weibo, "慢速存储", {**FAST, "page_size": 200})
    weibo.add_comments(200 * 30)  # thirty full pages: five batches' worth
    try:
        fetches = _FailingFetch(pool(_account_of(db)), fail_at=0)
        slow = _SlowIngest(db, fetches, page=200)
        [outcome] = SyncService(db, lambda _a: fetches, ingestor=slow).run_once()
    finally:
        pool.close_all()
    assert outcome.status is AccountStatus.OK and outcome.new_comments == 6000
    assert _stored(db) == weibo.comment_ids()
    # The queue and the pages the storing thread holds: at most 2 x MAX_QUEUED, plus the
    # page on its way into the queue.
    assert max(slow.ahead) <= 2 * MAX_QUEUED + 1, slow.ahead
    assert max(slow.ahead) > MAX_QUEUED  # the fetch thread did run ahead, as far as allowed


def _account_of(db: Database) -> Account:
    with db.session() as s:
        account = s.execute(select(Account)).scalar_one()
        s.expunge(account)
        return account

"""The demo workspace: a fictional city media office with a complaint wave brewing.

Texts come from `resources/demo/demo.yaml`; they go through the same analysis and ingest
path as real comments. Each distinct text is analysed once, so a million comments take
minutes, not hours.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from crisisdesk.connectors.base import RemoteComment
from crisisdesk.domain import AccountStatus, AnalysisResult, Platform, Role
from crisisdesk.errors import UserFacingError
from crisisdesk.paths import RESOURCES
from crisisdesk.services.ingest import Ingestor, ensure_account
from crisisdesk.services.lexicon import add_watch_words, workspace_analyzer
from crisisdesk.services.workspace import ensure_operator, open_workspace
from crisisdesk.storage.audit import append_event
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import (
    Account,
    Activity,
    AlertRule,
    Comment,
    PlanStep,
    ResponsePlan,
    utcnow,
)

if TYPE_CHECKING:
    from crisisdesk.analysis import Analyzer

DEMO_FILE = RESOURCES / "demo" / "demo.yaml"
CHUNK = 20_000
# Relative activity per hour of day: quiet at night, peaks mid-morning and in the evening.
HOUR_WEIGHTS = (
    0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 1.6, 2.0, 2.0, 1.7,
    1.5, 1.4, 1.5, 1.5, 1.4, 1.5, 1.7, 2.0, 2.3, 2.2, 1.4, 0.6,
)  # fmt: skip
CATEGORY_MIX = (
    ("praise", 0.17),
    ("question", 0.25),
    ("suggestion", 0.10),
    ("complaint", 0.22),
    ("help", 0.05),
    ("other", 0.21),
)
_SLOT = re.compile(r"\{([^{}]+)\}")

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class DemoStats:
    """What the demo builder wrote."""

    comments: int
    accounts: int
    wave_comments: int
    seconds: float


def load_demo_spec(path: Path = DEMO_FILE) -> dict[str, Any]:
    """Read the demo description."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        raise UserFacingError(f"演示数据文件 {path} 格式不正确。")
    return data


class _TextMaker:
    """Fills comment patterns with slot values."""

    def __init__(self, spec: dict[str, Any], rng: random.Random) -> None:
        self.slots: dict[str, list[str]] = spec["slots"]
        self.rng = rng

    def fill(self, pattern: str) -> str:
        return _SLOT.sub(lambda m: self.rng.choice(self.slots.get(m.group(1), [m.group(0)])), pattern)


def _pick_hour(rng: random.Random) -> int:
    return rng.choices(range(24), weights=HOUR_WEIGHTS)[0]


def _everyday_times(rng: random.Random, n: int, now: datetime, days: int) -> list[datetime]:
    start = (now - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    out: list[datetime] = []
    while len(out) < n:
        day = rng.randrange(days + 1)
        t = start + timedelta(
            days=day, hours=_pick_hour(rng), minutes=rng.randrange(60), seconds=rng.randrange(60)
        )
        if t <= now:
            out.append(t)
    return out


def _wave_times(rng: random.Random, n: int, now: datetime, hours: float) -> list[datetime]:
    # Density grows as exp(k t) across the window: a wave that is still building.
    k = 4.0 / hours
    span = math.exp(k * hours) - 1.0
    start = now - timedelta(hours=hours)
    return [
        start + timedelta(hours=math.log1p(rng.random() * span) / k) for _ in range(n)
    ]


def _author(rng: random.Random, parts: dict[str, list[str]]) -> tuple[str, str]:
    if rng.random() < 0.25:
        uid = str(rng.randrange(10**9, 10**10))
        return uid, f"用户{uid}"
    name = rng.choice(parts["first"]) + rng.choice(parts["second"])
    if rng.random() < 0.5:
        name += str(rng.randrange(10, 9999))
    return f"u-{name}", name


def _vary(text: str, rng: random.Random) -> str:
    """The small edits copy-paste posters make so that filters miss them."""
    edits: tuple[Callable[[str], str], ...] = (
        lambda s: s,
        lambda s: s + "[怒]",
        lambda s: s.replace("！", "!!"),
        lambda s: s + "+1",
        lambda s: "转：" + s,
        lambda s: s.rstrip("！") + "。",
    )
    return rng.choice(edits)(text)


def _generate(
    spec: dict[str, Any], rng: random.Random, *, n: int, now: datetime, days: int
) -> list[tuple[datetime, str, str, str, str]]:
    """(time, account name, author id, author name, text) rows, oldest first."""
    maker = _TextMaker(spec, rng)
    wave = spec["wave"]
    n_wave = int(n * float(wave["share"]))
    accounts = spec["accounts"]
    acc_names = [a["name"] for a in accounts]
    acc_weights = [a["weight"] for a in accounts]
    cats = [c for c, _ in CATEGORY_MIX]
    cat_weights = [w for _, w in CATEGORY_MIX]
    parts = spec["author_parts"]
    rows: list[tuple[datetime, str, str, str, str]] = []
    for t in _everyday_times(rng, n - n_wave, now, days):
        cat = rng.choices(cats, weights=cat_weights)[0]
        text = maker.fill(rng.choice(spec["everyday"][cat]))
        if cat != "other":
            text = rng.choice(spec["openers"]) + text + rng.choice(spec["closers"])
        account = rng.choices(acc_names, weights=acc_weights)[0]
        rows.append((t, account, *_author(rng, parts), text))
    # The wave lands on the accounts people think are responsible.
    wave_accounts = ["滨江人社", "滨江发布", "滨江政务服务"]
    for t in _wave_times(rng, n_wave, now, float(wave["hours"])):
        if rng.random() < 0.4:
            text = _vary(rng.choice(wave["copy_paste"]), rng)
        else:
            text = maker.fill(rng.choice(wave["organic"]))
            text = rng.choice(spec["openers"]) + text + rng.choice(spec["closers"])
        rows.append((t, rng.choice(wave_accounts), *_author(rng, parts), text))
    rows.sort(key=lambda r: r[0])
    return rows


class _CachedAnalysis:
    """Analyses each distinct text once (within a bounded cache)."""

    LIMIT = 60_000

    def __init__(self, analyzer: Analyzer | None = None) -> None:
        from crisisdesk.analysis import Analyzer

        self.analyzer = analyzer or Analyzer(own_names=["滨江发布", "滨江人社", "滨江"])
        self.cache: dict[str, AnalysisResult] = {}

    def __call__(self, texts: Sequence[str]) -> list[AnalysisResult]:
        missing = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if len(self.cache) + len(missing) > self.LIMIT:
            self.cache.clear()  # bounded memory at a million comments
            missing = list(dict.fromkeys(texts))
        if missing:
            self.cache.update(zip(missing, self.analyzer.analyze(missing), strict=True))
        return [self.cache[t] for t in texts]


def build_demo(
    url: str,
    *,
    comments: int = 3000,
    days: int = 14,
    seed: int = 20261121,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> DemoStats:
    """Fill an empty workspace with the demo; refuse a workspace that already holds comments."""
    import time

    started = time.perf_counter()
    now = now or utcnow()
    spec = load_demo_spec()
    rng = random.Random(seed)
    db = open_workspace(url)
    try:
        with db.session() as session:
            if session.execute(select(Comment.id).limit(1)).first() is not None:
                raise UserFacingError(
                    "该工作区中已有评论，演示数据只能写入空的工作区。",
                    hint="请用 --db 指定一个新的文件，例如 sqlite:////tmp/demo.sqlite3。",
                )
            account_ids = _seed_people_and_accounts(session, spec, now)
            for wl in spec["watch_lists"]:
                add_watch_words(
                    session, wl["name"], wl["words"], kind=wl["kind"], actor="crisisdesk-demo"
                )
        rows = _generate(spec, rng, n=comments, now=now, days=days)
        with db.session() as session:
            # The workspace's own analyzer: its watch lists and account names, as ingest uses.
            analysis = _CachedAnalysis(workspace_analyzer(session))
        ingestor = Ingestor(db, analyze=analysis)
        done = 0
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            by_account: dict[str, list[RemoteComment]] = {}
            for i, (t, account, author_id, author_name, text) in enumerate(chunk, start):
                posts = spec["posts"][account]
                post_index = rng.randrange(len(posts))
                by_account.setdefault(account, []).append(
                    RemoteComment(
                        external_id=f"demo-{i:08d}",
                        post_external_id=f"{account}-p{post_index}",
                        parent_external_id=None,
                        author_id=author_id,
                        author_name=author_name,
                        text=text,
                        created_at=t,
                        like_count=rng.choice((0, 0, 0, 1, 2, 5, 12)),
                        post_title=posts[post_index],
                    )
                )
            with db.session() as session:
                for account, items in by_account.items():
                    ingestor.ingest_in(session, account_ids[account], items, assume_new=True)
            done += len(chunk)
            if progress is not None:
                progress(done, len(rows))
        with db.session() as session:
            _settle_history(session, now)
            _seed_plans_and_activities(session, spec, now, account_ids)
        _replay_alerts(db, now)
        with db.session() as session:
            append_event(
                session,
                actor="crisisdesk-demo",
                action="demo.build",
                entity_type="workspace",
                entity_id="demo",
                details={"comments": len(rows), "seed": seed, "days": days},
            )
        n_wave = int(comments * float(spec["wave"]["share"]))
        return DemoStats(len(rows), len(account_ids) + 1, n_wave, time.perf_counter() - started)
    finally:
        db.dispose()


def _replay_alerts(db: Database, now: datetime) -> None:
    """Evaluate the warning rules every 15 minutes over the last 8 hours, as an open console would."""
    from crisisdesk.services.alerts import evaluate

    for step in range(8 * 4, -1, -1):
        with db.session() as session:
            # Wave rows hold each wave as it is at the end of the build, not as it was at a
            # past step: judged then, an alert would date from before its wave began. The wave
            # rule is switched off for the past steps inside this transaction only.
            waves = (
                session.execute(
                    select(AlertRule).where(AlertRule.kind == "wave", AlertRule.enabled.is_(True))
                ).scalars().all()
                if step
                else []
            )
            for rule in waves:
                rule.enabled = False
            evaluate(session, now - timedelta(minutes=15 * step))
            for rule in waves:
                rule.enabled = True


def _seed_people_and_accounts(
    session: Session, spec: dict[str, Any], now: datetime
) -> dict[str, int]:
    for op in spec["operators"]:
        ensure_operator(
            session,
            op["username"],
            display_name=op["display_name"],
            roles=[Role(r) for r in op["roles"]],
        )
    ids: dict[str, int] = {}
    for acc in spec["accounts"]:
        account = ensure_account(
            session,
            platform=Platform(acc["platform"]),
            name=acc["name"],
            display_name=acc["display_name"],
        )
        # Invented accounts: nothing to connect to, so they stay paused and say why.
        account.paused = True
        account.sync_status = AccountStatus.PAUSED.value
        account.sync_message = "演示账号，未连接平台"
        ids[acc["name"]] = account.id
    drill = spec["drill"]
    ensure_account(
        session,
        platform=Platform.SIMULATOR,
        name=drill["name"],
        settings={
            "scenario": drill["scenario"],
            "account": drill["account"],
            "speed": drill["speed"],
            "started_at": now.timestamp(),
        },
    ).poll_seconds = 5
    session.flush()
    # Posts are created by ingest from the comments' post ids; titles come along.
    return ids


def _settle_history(session: Session, now: datetime) -> None:
    """Older comments were dealt with in the past: most handled, some replied or ignored."""
    cutoff = now - timedelta(hours=48)
    total = session.execute(
        select(func.count()).select_from(Comment).where(Comment.created_at < cutoff)
    ).scalar_one()
    if not total:
        return
    # Buckets by id keep it one statement per status, fast at a million rows.
    session.execute(
        update(Comment)
        .where(Comment.created_at < cutoff, Comment.id % 20 < 13)
        .values(status="handled", handled_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Comment)
        .where(Comment.created_at < cutoff, Comment.id % 20 >= 13, Comment.id % 20 < 17)
        .values(status="replied", handled_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Comment)
        .where(Comment.created_at < cutoff, Comment.id % 20 == 17, Comment.sentiment != "negative")
        .values(status="ignored", handled_at=now)
        .execution_options(synchronize_session=False)
    )
    append_event(
        session,
        actor="crisisdesk-demo",
        action="comments.bulk_status",
        entity_type="comment",
        entity_id="*",
        details={"before": cutoff.isoformat(), "rows": int(total), "note": "演示数据的历史处理状态"},
    )


def _seed_plans_and_activities(
    session: Session, spec: dict[str, Any], now: datetime, account_ids: dict[str, int]
) -> None:
    for plan in spec["plans"]:
        row = ResponsePlan(
            name=plan["name"], crisis_type=plan["crisis_type"], description=plan["description"]
        )
        row.steps = [
            PlanStep(
                position=i,
                title=s["title"],
                role=s.get("role"),
                within_minutes=s.get("within_minutes"),
            )
            for i, s in enumerate(plan["steps"])
        ]
        session.add(row)
    day0 = now.replace(hour=10, minute=0, second=0, microsecond=0)
    for act in spec["activities"]:
        first, last = act["days"]
        session.add(
            Activity(
                title=act["title"],
                kind=act["kind"],
                status=act["status"],
                goal=act["goal"],
                account_id=account_ids.get(act["account"]),
                starts_at=day0 + timedelta(days=first),
                ends_at=day0 + timedelta(days=last, hours=2 if first == last else 0),
            )
        )
    session.flush()


def demo_exists(db: Database) -> bool:
    """True when the workspace already holds the demo accounts."""
    with db.session() as session:
        return (
            session.execute(select(Account.id).where(Account.name == "滨江发布")).first()
            is not None
        )

"""Who else is looking at or answering a comment (a shared PostgreSQL office); heartbeats expire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from crisisdesk.errors import UserFacingError
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Operator, Presence, utcnow
from crisisdesk.storage.upsert import upsert

FRESH_SECONDS = 60  # a heartbeat older than this no longer counts
KINDS = ("viewing", "drafting")


@dataclass(frozen=True, slots=True)
class PresenceInfo:
    """Another operator on the same comment."""

    operator_id: int
    name: str
    kind: str  # viewing | drafting
    since: datetime  # last heartbeat

    @property
    def label(self) -> str:
        return f"{self.name} 正在{'撰写回复' if self.kind == 'drafting' else '查看'}"


def touch(
    db: Database,
    comment_id: int,
    operator_id: int,
    kind: str = "viewing",
    *,
    now: datetime | None = None,
) -> None:
    """Record (or refresh) that this operator is on this comment; call every ~20 s as a heartbeat."""
    if kind not in KINDS:
        raise UserFacingError(f"未知的在线状态：{kind}")
    when = now or utcnow()
    stmt = upsert(
        "presence",
        db.engine.dialect.name,
        Presence.__table__,  # type: ignore[arg-type]
        ["comment_id", "operator_id"],
        lambda _t, new: {"kind": new.kind, "heartbeat_at": new.heartbeat_at},
    )
    with db.session() as session:
        session.execute(
            stmt,
            {"comment_id": comment_id, "operator_id": operator_id, "kind": kind,
             "heartbeat_at": when},
        )  # fmt: skip


def leave(db: Database, comment_id: int, operator_id: int) -> None:
    """The operator moved away from the comment."""
    with db.session() as session:
        session.execute(
            delete(Presence).where(
                Presence.comment_id == comment_id, Presence.operator_id == operator_id
            )
        )


def others_on(
    db: Database,
    comment_id: int,
    me: int,
    *,
    now: datetime | None = None,
    fresh_seconds: int = FRESH_SECONDS,
) -> list[PresenceInfo]:
    """Other operators with a fresh heartbeat on this comment, drafting ones first."""
    cutoff = (now or utcnow()) - timedelta(seconds=fresh_seconds)
    with db.session() as session:
        rows = session.execute(
            select(
                Presence.operator_id, Operator.display_name, Presence.kind, Presence.heartbeat_at
            )
            .join(Operator, Operator.id == Presence.operator_id)
            .where(
                Presence.comment_id == comment_id,
                Presence.operator_id != me,
                Presence.heartbeat_at >= cutoff,
            )
            .order_by(Presence.kind, Presence.heartbeat_at.desc())
        ).all()
    return [PresenceInfo(int(r[0]), r[1], r[2], r[3]) for r in rows]


def cleanup(
    db: Database, *, now: datetime | None = None, older_than_seconds: int = 10 * FRESH_SECONDS
) -> int:
    """Delete heartbeats left by closed or crashed consoles; returns how many."""
    cutoff = (now or utcnow()) - timedelta(seconds=older_than_seconds)
    with db.session() as session:
        result = session.execute(delete(Presence).where(Presence.heartbeat_at < cutoff))
        return int(getattr(result, "rowcount", 0) or 0)

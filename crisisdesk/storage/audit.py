"""The audit trail: events chained by SHA-256 so that tampering can be detected."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from crisisdesk.storage.schema import AuditEvent, utcnow

GENESIS = "0" * 64


def event_hash(
    *,
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str,
    details: Mapping[str, Any],
) -> str:
    """The SHA-256 of an event's content and the previous hash, over canonical JSON."""
    payload = json.dumps(
        {
            "prev": prev_hash,
            "at": at.isoformat(timespec="microseconds"),
            "actor": actor,
            "action": action,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "details": details,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _lock_chain(session: Session) -> None:
    """Serialise appends so two writers never chain onto the same event."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(72110001)"))
    elif dialect == "sqlite":
        # Any write statement takes SQLite's write lock for the rest of the transaction,
        # so the last hash read below cannot change under us.
        session.execute(text("UPDATE workspace_settings SET key = key WHERE 0"))


def append_event(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str | int,
    details: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Add one event to the chain inside the caller's transaction."""
    _lock_chain(session)
    prev = session.execute(
        select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).scalar()
    when = at or utcnow()
    clean = json.loads(json.dumps(dict(details or {}), ensure_ascii=False, default=str))
    prev_hash = prev or GENESIS
    row = AuditEvent(
        at=when,
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        details=clean,
        prev_hash=prev_hash,
        hash=event_hash(
            prev_hash=prev_hash,
            at=when,
            actor=actor,
            action=action,
            entity_type=entity_type,
            entity_id=str(entity_id),
            details=clean,
        ),
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The result of checking the audit chain."""

    intact: bool
    events: int
    broken_id: int | None = None
    reason: str = ""


def verify_chain(session: Session, *, batch: int = 5000) -> ChainReport:
    """Walk the chain in id order and report the first broken link."""
    prev = GENESIS
    count = 0
    last_id = 0
    while True:
        rows = session.execute(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).scalars().all()
        if not rows:
            return ChainReport(intact=True, events=count)
        for ev in rows:
            if ev.prev_hash != prev:
                return ChainReport(False, count, ev.id, "前一事件的哈希不符（事件被删除、插入或改动）")
            expected = event_hash(
                prev_hash=ev.prev_hash,
                at=ev.at,
                actor=ev.actor,
                action=ev.action,
                entity_type=ev.entity_type,
                entity_id=ev.entity_id,
                details=ev.details,
            )
            if expected != ev.hash:
                return ChainReport(False, count, ev.id, "事件内容与其哈希不符（事件被改动）")
            prev = ev.hash
            count += 1
            last_id = ev.id
        session.expunge_all()

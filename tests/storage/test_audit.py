"""The audit trail is a hash chain: verify finds the first broken link."""

from __future__ import annotations

from itertools import pairwise

from sqlalchemy import delete, select, update

from crisisdesk.storage.audit import append_event, verify_chain
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import AuditEvent


def _existing(db: Database) -> int:
    """Events the workspace's own bootstrap already wrote (default library, rules)."""
    with db.session() as s:
        return verify_chain(s).events


def _fill(db: Database, n: int) -> list[int]:
    ids = []
    with db.session() as s:
        for i in range(n):
            ev = append_event(
                s,
                actor="zhangmin",
                action="comment.assign",
                entity_type="comment",
                entity_id=i,
                details={"to": "李强", "note": f"第{i}条", "n": i},
            )
            ids.append(ev.id)
    return ids


def test_an_untouched_chain_is_intact(db: Database) -> None:
    before = _existing(db)
    _fill(db, 5)
    with db.session() as s:
        report = verify_chain(s)
    assert report.intact and report.events == before + 5


def test_an_edited_event_is_found(db: Database) -> None:
    before = _existing(db)
    ids = _fill(db, 5)
    with db.session() as s:
        s.execute(
            update(AuditEvent).where(AuditEvent.id == ids[2]).values(details={"to": "王芳"})
        )
    with db.session() as s:
        report = verify_chain(s)
    assert not report.intact
    assert report.broken_id == ids[2]
    assert report.events == before + 2


def test_a_deleted_event_is_found(db: Database) -> None:
    ids = _fill(db, 5)
    with db.session() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.id == ids[1]))
    with db.session() as s:
        report = verify_chain(s)
    assert not report.intact
    assert report.broken_id == ids[2]


def test_each_event_chains_onto_the_previous(db: Database) -> None:
    _fill(db, 3)
    with db.session() as s:
        rows = s.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
    assert rows[0].prev_hash == "0" * 64
    for earlier, later in pairwise(rows):
        assert later.prev_hash == earlier.hash

"""Test helpers for template tests: fast fresh workspaces and a few people and comments."""

from __future__ import annotations

import shutil
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crisisdesk.storage.db import Database, open_database
from crisisdesk.storage.schema import Account, Comment, Incident, Operator

_lock = threading.Lock()
_templates: dict[bool, Path] = {}


def _template_file(base: Path, with_library: bool) -> Path:
    """A migrated workspace file built once per test session and copied for each test."""
    with _lock:
        if with_library not in _templates:
            path = base / f"template-{int(with_library)}.sqlite3"
            db = open_database(f"sqlite:///{path}")
            if with_library:
                from crisisdesk.services.template_io import ensure_default_library

                with db.session() as session:
                    ensure_default_library(session)
            db.dispose()
            _templates[with_library] = path
        return _templates[with_library]


def fresh_workspace(base: Path, target: Path, *, with_library: bool) -> Database:
    """A new workspace at target: migrated, with or without the default library."""
    shutil.copyfile(_template_file(base, with_library), target)
    return open_database(f"sqlite:///{target}")


def add_operator(db: Database, username: str, roles: list[str], team: str | None = None) -> int:
    """An operator with these roles; returns the id."""
    with db.session() as session:
        op = Operator(username=username, display_name=username.title(), roles=roles, team=team)
        session.add(op)
        session.flush()
        return op.id


T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def add_comment(
    db: Database,
    text: str,
    *,
    author: str = "u1",
    author_name: str = "热心市民",
    score: float = -0.5,
    intent: str = "complaint",
    at: datetime = T0,
    incident_title: str | None = None,
    crisis_type: str | None = None,
    keywords: list[str] | None = None,
) -> int:
    """A comment on a Weibo account (created on first use); returns the id."""
    from sqlalchemy import select

    with db.session() as session:
        account = session.execute(select(Account).where(Account.name == "weibo-main")).scalar()
        if account is None:
            account = Account(platform="weibo", name="weibo-main", display_name="某某市政务微博")
            session.add(account)
            session.flush()
        incident_id = None
        if incident_title:
            incident = Incident(title=incident_title, crisis_type=crisis_type)
            session.add(incident)
            session.flush()
            incident_id = incident.id
        count = session.query(Comment).count()
        comment = Comment(
            account_id=account.id,
            platform="weibo",
            external_id=f"c{count + 1}",
            author_id=author,
            author_name=author_name,
            text=text,
            normalized_text=text,
            created_at=at,
            sentiment_score=score,
            intent=intent,
            incident_id=incident_id,
            analysis={"keywords": keywords or []},
        )
        session.add(comment)
        session.flush()
        return comment.id


def later(hours: float) -> datetime:
    """T0 plus some hours."""
    return T0 + timedelta(hours=hours)

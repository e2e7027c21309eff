"""Opening a workspace: migrate, seed the defaults a new workspace needs, know who is working."""

from __future__ import annotations

import getpass
import importlib
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisdesk.domain import Role
from crisisdesk.services.deadlines import ensure_default_rules
from crisisdesk.storage.db import Database, open_database
from crisisdesk.storage.schema import Operator, SavedView, WorkspaceSetting

log = logging.getLogger(__name__)

BOOTSTRAP_KEY = "workspace.bootstrap"
# Raise when a new default is added, so existing workspaces receive it once.
BOOTSTRAP_VERSION = 1

BUILTIN_VIEWS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("未处理负面", {"status": ["new", "in_progress"], "sentiment": ["negative"]}),
    ("我的待办", {"assignee": "me", "status": ["new", "in_progress"]}),
    ("待审核", {"reply_state": ["pending_review"]}),
    ("超时未回复", {"overdue": True, "status": ["new", "in_progress"]}),
)

# Defaults owned by other services, seeded when those services are present in this build.
_OPTIONAL_SEEDERS: tuple[tuple[str, str], ...] = (
    ("crisisdesk.services.templates", "ensure_default_library"),
    ("crisisdesk.services.alerts", "ensure_default_rules"),
)


def open_workspace(url: str) -> Database:
    """Open and migrate a workspace database and make sure its defaults exist."""
    db = open_database(url)
    with db.session() as session:
        bootstrap(session)
    return db


def bootstrap(session: Session) -> None:
    """Seed defaults once per bootstrap version; cheap when already done."""
    row = session.get(WorkspaceSetting, BOOTSTRAP_KEY)
    if row is not None and int(row.value.get("version", 0)) >= BOOTSTRAP_VERSION:
        return
    ensure_default_rules(session)
    _ensure_views(session)
    for module_name, func_name in _OPTIONAL_SEEDERS:
        seeder = _optional(module_name, func_name)
        if seeder is not None:
            seeder(session)
    if row is None:
        session.add(WorkspaceSetting(key=BOOTSTRAP_KEY, value={"version": BOOTSTRAP_VERSION}))
    else:
        row.value = {"version": BOOTSTRAP_VERSION}
    session.flush()


def _optional(module_name: str, func_name: str) -> Callable[[Session], Any] | None:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return None
    func = getattr(module, func_name, None)
    return func if callable(func) else None


def _ensure_views(session: Session) -> None:
    existing = set(
        session.execute(select(SavedView.name).where(SavedView.builtin.is_(True))).scalars()
    )
    for position, (name, filters) in enumerate(BUILTIN_VIEWS):
        if name not in existing:
            session.add(SavedView(name=name, filters=filters, position=position, builtin=True))


def local_username(configured: str | None = None) -> str:
    """The operator name this workstation acts as: settings first, then the OS login."""
    if configured:
        return configured
    try:
        return getpass.getuser() or "operator"
    except (OSError, KeyError):
        return "operator"


def ensure_operator(
    session: Session,
    username: str,
    *,
    display_name: str | None = None,
    roles: list[Role] | None = None,
) -> Operator:
    """The operator row for a username, created with every role if new (a one-person office)."""
    op = session.execute(select(Operator).where(Operator.username == username)).scalar_one_or_none()
    if op is None:
        op = Operator(
            username=username,
            display_name=display_name or username,
            roles=[r.value for r in (roles or list(Role))],
        )
        session.add(op)
        session.flush()
    return op

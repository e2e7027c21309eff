"""Small read-only look-ups the inbox pane needs that the inbox services do not offer (yet).

Kept here, beside the pane, rather than edited into engineer F's services while they are being
finished: who "I" am, the choices for the filter bar, the office's direct-send rule and the
watch-lists a draft reply is checked against. Nothing here writes, except `current_operator`,
which goes through `services.workspace.ensure_operator`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from crisisdesk.domain import Role, WatchHit
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import (
    Account,
    Operator,
    WatchList,
    WatchWord,
    WorkspaceSetting,
    utcnow,
)

# Workspace setting naming the roles that may send a reply without a second person's review.
REPLY_POLICY_KEY = "replies.policy"
DEFAULT_DIRECT_ROLES = (Role.REVIEWER.value, Role.CRISIS_LEAD.value, Role.ADMIN.value)


@dataclass(frozen=True, slots=True)
class Me:
    """The operator this window acts as."""

    id: int
    username: str
    display_name: str
    roles: tuple[str, ...]
    may_send_directly: bool

    @property
    def reviewer(self) -> bool:
        """Whether this operator may approve or reject others' replies."""
        return bool(set(self.roles) & set(DEFAULT_DIRECT_ROLES))


@dataclass(frozen=True, slots=True)
class Choice:
    """One entry of a filter list: the stored value and what the user reads."""

    value: int
    label: str


@dataclass(frozen=True, slots=True)
class FilterOptions:
    """What the filter bar offers."""

    accounts: tuple[Choice, ...]
    operators: tuple[Choice, ...]
    incidents: tuple[Choice, ...]
    watch_words: tuple[str, ...]


def default_operator() -> str:
    """The operator name this workstation acts as (settings, then the OS login)."""
    from crisisdesk.services.workspace import local_username
    from crisisdesk.settings import load_settings

    try:
        configured = load_settings().operator
    except Exception:  # an unreadable settings file must not keep the inbox closed
        configured = None
    return local_username(configured)


def direct_send_roles(db: Database) -> tuple[str, ...]:
    """Roles that may send directly, from the workspace setting (default: reviewers and up)."""
    with db.session() as session:
        row = session.get(WorkspaceSetting, REPLY_POLICY_KEY)
        value = row.value if row is not None and isinstance(row.value, dict) else {}
    roles = value.get("direct_send_roles")
    if isinstance(roles, list) and all(isinstance(r, str) for r in roles):
        return tuple(roles)
    return DEFAULT_DIRECT_ROLES


def current_operator(db: Database, username: str) -> Me:
    """The operator row for this workstation's user (created on first use), with the send rule."""
    from crisisdesk.services.workspace import ensure_operator

    with db.session() as session:
        op = ensure_operator(session, username)
        me = (op.id, op.username, op.display_name, tuple(str(r) for r in op.roles or ()))
    allowed = set(direct_send_roles(db))
    return Me(*me, may_send_directly=bool(allowed & set(me[3])))


def filter_options(db: Database) -> FilterOptions:
    """Accounts, active operators, open incidents and watched words, for the filter bar."""
    from crisisdesk.services.incidents import list_incidents  # loads the alert engine: off-thread

    with db.session() as session:
        accounts = tuple(
            Choice(int(i), f"{name}")
            for i, name in session.execute(select(Account.id, Account.name).order_by(Account.name))
        )
        operators = tuple(
            Choice(int(i), str(name))
            for i, name in session.execute(
                select(Operator.id, Operator.display_name)
                .where(Operator.active.is_(True))
                .order_by(Operator.display_name)
            )
        )
        incidents = tuple(
            Choice(v.id, v.title) for v in list_incidents(session, utcnow(), include_closed=False)
        )
        words = tuple(
            str(w)
            for w in session.execute(
                select(WatchWord.word)
                .join(WatchList, WatchList.id == WatchWord.list_id)
                .where(WatchList.active.is_(True))
                .distinct()
                .order_by(WatchWord.word)
                .limit(500)
            ).scalars()
        )
    return FilterOptions(accounts, operators, incidents, words)


def watch_checker(db: Database) -> Callable[[str], list[WatchHit]]:
    """A check of a draft against the office's active watch-lists (text normalised as at ingest).

    Built off the GUI thread: it loads the analysis package, which takes a moment the first time.
    """
    from crisisdesk.analysis.normalize import normalize
    from crisisdesk.analysis.watchwords import WatchMatcher

    lists: dict[str, list[str]] = {}
    with db.session() as session:
        for name, word in session.execute(
            select(WatchList.name, WatchWord.word)
            .join(WatchWord, WatchWord.list_id == WatchList.id)
            .where(WatchList.active.is_(True))
        ):
            lists.setdefault(str(name), []).append(str(word))
    matcher = WatchMatcher(lists)
    return lambda text: matcher.find(normalize(text).text)

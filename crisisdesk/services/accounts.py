"""Accounts: add, list, test, pause and remove; credentials in the keyring; one connector each."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crisisdesk.connectors.base import AccountCheck, Connector, FetchPage, SentReply, TokenBundle
from crisisdesk.connectors.credentials import CredentialStore, account_username
from crisisdesk.domain import AccountStatus, Changes, Platform
from crisisdesk.errors import UserFacingError
from crisisdesk.services.events import BUS
from crisisdesk.storage.audit import append_event
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Account, Comment
from crisisdesk.storage.search import forget

# Poll intervals inside each platform's documented limits (PLATFORM_APIS.md).
DEFAULT_POLL_SECONDS = {
    Platform.WEIBO: 180,  # the wiki recommends polling every 2-3 minutes
    Platform.WECHAT: 300,  # one list call per watched article per pass
    Platform.DOUYIN: 300,
    Platform.SIMULATOR: 2,
    Platform.FILE: 0,
}


class AccountError(UserFacingError):
    """An account action that cannot be done; the message says why."""


@dataclass(frozen=True, slots=True)
class AccountView:
    """An account as the UI and CLI see it (no secrets)."""

    id: int
    platform: Platform
    name: str
    display_name: str
    base_url: str | None
    paused: bool
    status: AccountStatus
    message: str | None
    last_success_at: datetime | None
    next_attempt_at: datetime | None
    token_expires_at: datetime | None
    refresh_expires_at: datetime | None
    comment_count: int


def _view(a: Account, count: int) -> AccountView:
    return AccountView(
        id=a.id,
        platform=Platform(a.platform),
        name=a.name,
        display_name=a.display_name,
        base_url=a.base_url,
        paused=a.paused,
        status=AccountStatus(a.sync_status),
        message=a.sync_message,
        last_success_at=a.last_success_at,
        next_attempt_at=a.next_attempt_at,
        token_expires_at=a.token_expires_at,
        refresh_expires_at=a.refresh_expires_at,
        comment_count=count,
    )


def list_accounts(session: Session) -> list[AccountView]:
    """Every account with its status and how many comments it holds."""
    counts = dict(
        session.execute(select(Comment.account_id, func.count()).group_by(Comment.account_id)).all()
    )
    rows = session.execute(select(Account).order_by(Account.id)).scalars()
    return [_view(a, int(counts.get(a.id, 0))) for a in rows]


def find_account(session: Session, name: str) -> Account:
    """The account with this name, or a clear error listing the names there are."""
    account = session.execute(select(Account).where(Account.name == name)).scalar_one_or_none()
    if account is None:
        names = session.execute(select(Account.name).order_by(Account.id)).scalars().all()
        raise AccountError(
            f"没有名为“{name}”的账号。",
            hint=f"现有账号：{'、'.join(names)}" if names else "请先用 crisisdesk accounts add 添加账号。",
        )
    return account


def add_account(
    db: Database,
    store: CredentialStore | None,
    *,
    platform: Platform,
    name: str,
    display_name: str | None = None,
    base_url: str | None = None,
    settings: Mapping[str, Any] | None = None,
    credentials: TokenBundle | None = None,
    actor: str,
) -> AccountView:
    """Create an account; its credentials go to the keyring, never to the database."""
    name = name.strip()
    if not name:
        raise AccountError("账号名称不能为空。")
    if credentials and store is None:
        raise AccountError("保存凭据需要系统密钥环。")
    if store is not None and credentials:
        store.ensure_secure()
    clean = {k: v for k, v in dict(settings or {}).items() if not _looks_secret(k)}
    with db.session() as session:
        if session.execute(select(Account.id).where(Account.name == name)).first():
            raise AccountError(f"已有名为“{name}”的账号。", hint="请换一个名称。")
        account = Account(
            platform=platform.value,
            name=name,
            display_name=display_name or name,
            base_url=base_url,
            settings=clean,
            poll_seconds=DEFAULT_POLL_SECONDS.get(platform, 180),
        )
        session.add(account)
        session.flush()
        if credentials and store is not None:
            ref = account_username(platform, name)
            store.set(ref, dict(credentials))
            account.keyring_ref = ref
        append_event(
            session,
            actor=actor,
            action="account.add",
            entity_type="account",
            entity_id=account.id,
            details={"platform": platform.value, "name": name, "base_url": base_url},
        )
        view = _view(account, 0)
    BUS.emit(Changes(accounts=True))
    return view


def _looks_secret(key: str) -> bool:
    lowered = key.lower()
    return any(word in lowered for word in ("token", "secret", "password", "key"))


def remove_account(
    db: Database,
    store: CredentialStore | None,
    name: str,
    *,
    actor: str,
    delete_comments: bool = False,
) -> int:
    """Remove an account and its credentials; refuses to drop comments unless asked."""
    with db.session() as session:
        account = find_account(session, name)
        count = session.execute(
            select(func.count()).select_from(Comment).where(Comment.account_id == account.id)
        ).scalar_one()
        if count and not delete_comments:
            raise AccountError(
                f"账号“{name}”下有 {count} 条评论，删除账号会一并删除这些评论。",
                hint="如只想停止同步，请暂停该账号；确需删除请加 --delete-comments。",
            )
        ref = account.keyring_ref
        if count:
            # SQLite's contentless search tables need the indexed text to forget a comment.
            rows = session.execute(
                select(Comment.id, Comment.text).where(Comment.account_id == account.id)
            ).all()
            forget(session, [(cid, text) for cid, text in rows])
        append_event(
            session,
            actor=actor,
            action="account.remove",
            entity_type="account",
            entity_id=account.id,
            details={"name": name, "comments_deleted": int(count)},
        )
        session.delete(account)
    if ref and store is not None:
        store.delete(ref)
    BUS.emit(Changes(accounts=True, comments=bool(count), trends=bool(count)))
    return int(count)


def save_credentials(
    db: Database, store: CredentialStore, name: str, bundle: TokenBundle, *, actor: str = "crisisdesk"
) -> TokenBundle:
    """Merge secrets into an account's keyring entry, creating the entry if it has none."""
    store.ensure_secure()
    with db.session() as session:
        account = find_account(session, name)
        ref = account.keyring_ref
        if ref is None:
            ref = account_username(Platform(account.platform), account.name)
            account.keyring_ref = ref
        append_event(
            session,
            actor=actor,
            action="account.credentials",
            entity_type="account",
            entity_id=account.id,
            details={"keys": sorted(bundle)},  # which fields changed, never their values
        )
        merged = store.update(ref, dict(bundle))
    BUS.emit(Changes(accounts=True))
    return merged


def record_check(db: Database, account_id: int, check: AccountCheck) -> None:
    """Store what a connection test said about token expiry."""
    with db.session() as session:
        account = session.get(Account, account_id)
        if account is not None:
            account.token_expires_at = check.token_expires_at
            account.refresh_expires_at = check.refresh_expires_at
            if not check.ok:
                account.sync_message = check.message


class ConnectorPool:
    """One live connector per account (one HTTP session each), rebuilt when settings change."""

    def __init__(self, store: CredentialStore | None = None) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._live: dict[int, tuple[str, Connector]] = {}

    def __call__(self, account: Account) -> Connector:
        """The connector for an account row."""
        settings = {**account.settings, "base_url": account.base_url} if account.base_url else dict(account.settings)
        fingerprint = hashlib.sha256(
            json.dumps([account.platform, settings, account.keyring_ref], sort_keys=True, default=str).encode()
        ).hexdigest()
        with self._lock:
            live = self._live.get(account.id)
            if live is not None and live[0] == fingerprint:
                return live[1]
            if live is not None:
                live[1].close()
            connector = self._build(Platform(account.platform), settings, account.keyring_ref)
            self._live[account.id] = (fingerprint, connector)
            return connector

    def _build(self, platform: Platform, settings: dict[str, Any], ref: str | None) -> Connector:
        from crisisdesk.connectors.registry import create_connector

        tokens = self.store.for_account(ref) if ref is not None and self.store is not None else None
        return LockedConnector(create_connector(platform, settings=settings, credentials=tokens))

    def forget(self, account_id: int) -> None:
        """Close and drop one account's connector (after re-authorisation or removal)."""
        with self._lock:
            live = self._live.pop(account_id, None)
        if live is not None:
            live[1].close()

    def close_all(self) -> None:
        """Close every connector."""
        with self._lock:
            live = list(self._live.values())
            self._live.clear()
        for _, connector in live:
            connector.close()


class LockedConnector(Connector):
    """A connector whose calls never overlap: its HTTP session serves one thread at a time."""

    def __init__(self, inner: Connector) -> None:
        self.inner = inner
        self.platform = inner.platform  # type: ignore[misc]
        self.poll_interval = inner.poll_interval  # type: ignore[misc]
        self.reply_settle_seconds = inner.reply_settle_seconds  # type: ignore[misc]
        self._lock = threading.RLock()

    @property
    def reply_limit(self) -> int | None:
        """The wrapped connector's limit (the simulator imitates a platform's)."""
        return self.inner.reply_limit

    def scopes(self) -> list[str]:
        """The wrapped connector's scopes."""
        with self._lock:
            return self.inner.scopes()

    def fetch(self, scope: str, cursor: str | None) -> FetchPage:
        """One page, under the account's lock."""
        with self._lock:
            return self.inner.fetch(scope, cursor)

    def post_reply(
        self, *, comment_external_id: str, post_external_id: str | None, text: str, idempotency_key: str
    ) -> SentReply:
        """Send a reply, under the account's lock."""
        with self._lock:
            return self.inner.post_reply(
                comment_external_id=comment_external_id,
                post_external_id=post_external_id,
                text=text,
                idempotency_key=idempotency_key,
            )

    def find_reply(
        self, *, comment_external_id: str, post_external_id: str | None, text: str
    ) -> SentReply | None:
        """Look for a sent reply, under the account's lock."""
        with self._lock:
            return self.inner.find_reply(
                comment_external_id=comment_external_id, post_external_id=post_external_id, text=text
            )

    def check(self) -> AccountCheck:
        """Check authorisation, under the account's lock."""
        with self._lock:
            return self.inner.check()

    def check_reply_text(self, text: str) -> str:
        """The wrapped connector's own length check."""
        return self.inner.check_reply_text(text)

    def close(self) -> None:
        """Close the wrapped connector."""
        with self._lock:
            self.inner.close()

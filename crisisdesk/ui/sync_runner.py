"""Background sync for the open workspace: owns the connectors and the schedule, reports status."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from crisisdesk.connectors.base import AccountCheck
from crisisdesk.connectors.credentials import CredentialStore
from crisisdesk.domain import AccountStatus, Changes, Platform
from crisisdesk.services.accounts import AccountView, ConnectorPool, find_account, list_accounts
from crisisdesk.services.accounts import record_check as store_check
from crisisdesk.services.events import BUS
from crisisdesk.services.ingest import Ingestor
from crisisdesk.services.replies import recover_interrupted
from crisisdesk.services.sync import SyncOutcome, SyncService
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.connectors import shared_pool
from crisisdesk.ui.ops import run_op

# Worst first: the status bar names the gravest state any account is in.
SEVERITY = (
    AccountStatus.AUTH_EXPIRED,
    AccountStatus.ERROR,
    AccountStatus.RATE_LIMITED,
    AccountStatus.NEVER,
    AccountStatus.PAUSED,
    AccountStatus.OK,
)
TOKEN_WARN_DAYS = 7
REFRESH_WARN_DAYS = 3
STOP_TIMEOUT_SECONDS = 5.0


def syncable(view: AccountView) -> bool:
    """Whether the schedule fetches this account (file imports are not fetched)."""
    return view.platform is not Platform.FILE


def expiring_soon(view: AccountView, now: datetime | None = None) -> bool:
    """Whether a token still valid runs out within 7 days, or a refresh token within 3."""
    now = now or datetime.now(UTC)
    token = view.token_expires_at
    refresh = view.refresh_expires_at
    return bool(
        (token is not None and now < _aware(token) < now + timedelta(days=TOKEN_WARN_DAYS))
        or (refresh is not None and now < _aware(refresh) < now + timedelta(days=REFRESH_WARN_DAYS))
    )


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; the schema stores UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def summarize(
    views: Sequence[AccountView], now: datetime | None = None
) -> tuple[str, AccountStatus]:
    """The status-bar line and the worst status among the accounts that sync."""
    live = [v for v in views if syncable(v)]
    if not live:
        return QCoreApplication.translate(
            "SyncRunner", "同步：尚未接入在线账号"
        ), AccountStatus.NEVER
    counts = {status: sum(1 for v in live if v.status is status) for status in SEVERITY}
    worst = next(status for status in SEVERITY if counts[status])
    if counts[AccountStatus.OK] == len(live):
        text = QCoreApplication.translate("SyncRunner", "同步：{n} 个账号正常").format(n=len(live))
    else:
        present = [status for status in SEVERITY if counts[status]]
        # "同步：1 个账号授权已过期，3 个正常": the noun once, on the gravest part.
        parts = [
            QCoreApplication.translate("SyncRunner", "{n} 个账号{label}").format(
                n=counts[present[0]], label=labels.account_status(present[0].value)
            )
        ]
        parts += [
            QCoreApplication.translate("SyncRunner", "{n} 个{label}").format(
                n=counts[status], label=labels.account_status(status.value)
            )
            for status in present[1:]
        ]
        text = QCoreApplication.translate("SyncRunner", "同步：") + QCoreApplication.translate(
            "SyncRunner", "，"
        ).join(parts)
    soon = sum(1 for v in live if expiring_soon(v, now))
    if soon:
        text += QCoreApplication.translate("SyncRunner", "（{n} 个账号授权即将到期）").format(
            n=soon
        )
    return text, worst


class SyncRunner(QObject):
    """Runs the sync schedule of one workspace in the background; never blocks the GUI thread."""

    status_changed = Signal(str, object)  # summary text, worst AccountStatus
    sync_finished = Signal(object)  # SyncOutcome of a "sync now"

    def __init__(
        self,
        db: Database,
        *,
        changes: ChangesBridge | None = None,
        store: CredentialStore | None = None,
        ingestor: Ingestor | None = None,
        actor: str | None = None,
        analysis_process: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        # One pool per GUI process (sending uses it too); tests pass their own store.
        self.pool = ConnectorPool(store) if store is not None else shared_pool()
        self.store = self.pool.store or CredentialStore()
        # The window's sync reads comments in a second process: a large catch-up then never
        # holds this process's interpreter lock away from the GUI thread for long.
        self.service = SyncService(
            db, self.pool, ingestor=ingestor, analysis_process=analysis_process
        )
        self.changes = changes or ChangesBridge(parent=self)
        self._actor = actor
        self._thread: threading.Thread | None = None
        self._starting = False
        self._enabled = False  # start() was called and stop() has not been
        self.summary = ""
        self.worst = AccountStatus.NEVER
        self.changes.changed.connect(self._on_changes)

    @property
    def actor(self) -> str:
        """The operator name written to the audit trail for actions taken in this window."""
        if self._actor is None:
            from crisisdesk.services.workspace import local_username
            from crisisdesk.settings import load_settings

            try:
                configured = load_settings().operator
            except Exception:  # an unreadable settings file must not stop account work
                configured = None
            self._actor = local_username(configured)
        return self._actor

    def is_running(self) -> bool:
        """Whether the schedule thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    # --- life cycle -----------------------------------------------------------------------

    def start(self) -> None:
        """Recover replies a crash left half-sent, then run the schedule if any account syncs."""
        self._enabled = True
        if self._starting or self.is_running():
            return
        self._starting = True
        db = self.db
        actor = self.actor

        def prepare() -> list[AccountView]:
            recover_interrupted(db, actor=actor)
            with db.session() as session:
                return list_accounts(session)

        run_op(
            prepare, on_done=self._prepared, on_error=self._start_failed, parent=self, write=True
        )

    def _prepared(self, views: list[AccountView]) -> None:
        self._starting = False
        self._show(views)
        self._ensure_running(views)

    def _start_failed(self, exc: BaseException) -> None:
        self._starting = False
        self._report(
            QCoreApplication.translate("SyncRunner", "同步未能启动：{error}").format(error=exc),
            AccountStatus.ERROR,
        )

    def _ensure_running(self, views: Sequence[AccountView]) -> None:
        if not self._enabled or self.is_running():
            return
        if any(syncable(v) and not v.paused for v in views):
            self._thread = self.service.start()

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
        """End the schedule (waiting at most `timeout` for passes under way) and close connectors."""
        self._enabled = False
        self.service.stop()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.service.close()
        self.pool.close_all()

    # --- actions --------------------------------------------------------------------------

    def sync_now(
        self,
        account_id: int,
        *,
        on_done: Callable[[SyncOutcome], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Fetch one account now, in the background; the outcome also goes to sync_finished."""
        service = self.service

        def done(outcome: SyncOutcome) -> None:
            self.sync_finished.emit(outcome)
            if on_done is not None:
                on_done(outcome)

        run_op(
            lambda: service.sync_account(account_id), on_done=done, on_error=on_error, parent=self
        )

    def set_paused(
        self,
        account_id: int,
        paused: bool,
        *,
        on_done: Callable[[None], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Pause or resume one account (the change event reloads whoever shows it)."""
        service = self.service
        run_op(
            lambda: service.set_paused(account_id, paused),
            on_done=on_done or (lambda _none: None),
            on_error=on_error,
            parent=self,
            write=True,
        )

    def test_account(
        self,
        name: str,
        *,
        on_done: Callable[[AccountCheck], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Check a saved account's authorisation in the background and keep the expiry dates."""
        db, pool = self.db, self.pool

        def check() -> AccountCheck:
            with db.session() as session:
                account = find_account(session, name)
                session.expunge(account)
            result = pool(account).check()
            store_check(db, account.id, result)
            BUS.emit(Changes(accounts=True), self)
            return result

        run_op(check, on_done=on_done, on_error=on_error, parent=self)

    def forget(self, account_id: int) -> None:
        """Drop an account's live connector (after re-authorisation or before removal)."""
        self.pool.forget(account_id)

    def refresh(self) -> None:
        """Read the accounts again and emit status_changed."""
        db = self.db

        def read() -> list[AccountView]:
            with db.session() as session:
                return list_accounts(session)

        run_op(read, on_done=self._after_refresh, on_error=lambda _exc: None, parent=self)

    # --- status ---------------------------------------------------------------------------

    @Slot(object, object)
    def _on_changes(self, changes: Changes, initiator: Any) -> None:
        if changes.accounts:
            self.refresh()

    def _after_refresh(self, views: list[AccountView]) -> None:
        self._show(views)
        if self.is_running():
            self.service.wake()  # a new or resumed account is due at once
        elif not self._starting:
            self._ensure_running(views)

    def _show(self, views: Sequence[AccountView]) -> None:
        text, worst = summarize(views)
        self._report(text, worst)

    def _report(self, text: str, worst: AccountStatus) -> None:
        if (text, worst) != (self.summary, self.worst):
            self.summary, self.worst = text, worst
            self.status_changed.emit(text, worst)

"""The sync service: fetch every account on its schedule, store what arrives, report status.

Each page a connector returns is stored together with the cursor that follows it, in one
transaction (see `Ingestor`), so a crash at any moment neither loses nor duplicates a
comment; the next page is fetched and read while one is being stored (`sync_pages`). Errors become an account
status (authorisation expired, rate limited, error) and a back-off with jitter that honours
the platform's Retry-After; a success resets it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from crisisdesk.connectors.base import Connector
from crisisdesk.connectors.errors import (
    AuthExpired,
    ConnectorError,
    PermanentError,
    RateLimited,
    Transient,
)
from crisisdesk.connectors.ratelimit import Backoff, RatePolicy, TokenBucket, bucket_for
from crisisdesk.domain import AccountStatus, Changes, Platform
from crisisdesk.services.events import BUS, ChangeBus
from crisisdesk.services.ingest import Ingestor, load_cursor
from crisisdesk.services.sync_pages import ScopePager, SyncOutcome

__all__ = ["MAX_PAGES_PER_PASS", "SyncOutcome", "SyncService", "policy_override"]
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Account, utcnow

log = logging.getLogger(__name__)

ConnectorFactory = Callable[[Account], Connector]
# The longest one sync pass keeps paging one scope before yielding to other accounts.
MAX_PAGES_PER_PASS = 200


def policy_override(settings: dict[str, object]) -> RatePolicy | None:
    """An account's own request rate (a higher API tier, an office gateway), if it sets one."""
    per_hour = settings.get("requests_per_hour")
    if per_hour is None:
        return None
    try:
        rate = float(str(per_hour)) / 3600.0
        burst = float(str(settings.get("burst", max(1.0, rate * 60))))
    except ValueError:
        return None
    return RatePolicy(rate=rate, burst=burst) if rate > 0 and burst >= 1 else None


@dataclass
class _AccountState:
    backoff: Backoff = field(default_factory=Backoff)
    bucket: TokenBucket | None = None
    running: bool = False


class SyncService:
    """Runs sync passes for the accounts of one workspace, once or on a schedule."""

    def __init__(
        self,
        db: Database,
        connector_factory: ConnectorFactory,
        *,
        ingestor: Ingestor | None = None,
        bus: ChangeBus = BUS,
        clock: Callable[[], datetime] = utcnow,
        max_pages: int = MAX_PAGES_PER_PASS,
        only: set[int] | None = None,
        analysis_process: bool = False,
    ) -> None:
        self.db = db
        self.only = only  # sync just these accounts (None: all)
        self.factory = connector_factory
        if ingestor is None:
            # The program's syncs read comments in a second process (on the second core);
            # tests and one-off callers keep the simpler in-process analysis.
            from crisisdesk.analysis.process import AnalysisProcess

            ingestor = Ingestor(db, process=AnalysisProcess() if analysis_process else None)
        self.ingestor = ingestor
        self.bus = bus
        self.clock = clock
        self.max_pages = max_pages
        self._states: dict[int, _AccountState] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()

    # --- one pass ---------------------------------------------------------------------

    def sync_account(self, account_id: int, *, drain: bool = False) -> SyncOutcome:
        """Fetch every scope of one account until it is caught up (or the page limit of a pass)."""
        with self._lock:
            state = self._states.setdefault(account_id, _AccountState())
            if state.running:
                return SyncOutcome(account_id, AccountStatus.OK, message="已在同步中")
            state.running = True
        try:
            return self._sync(account_id, state, None if drain else self.max_pages)
        finally:
            state.running = False

    def _sync(self, account_id: int, state: _AccountState, max_pages: int | None) -> SyncOutcome:
        with self.db.session() as session:
            account = session.get(Account, account_id)
            if account is None:
                raise ValueError(f"no account {account_id}")
            if account.paused:
                return SyncOutcome(account_id, AccountStatus.PAUSED, message="已暂停")
            account.last_attempt_at = self.clock()
            session.expunge(account)
        outcome = SyncOutcome(account_id, AccountStatus.OK)
        # Watch lists, the office's words and operators' corrections may have changed.
        self.ingestor.refresh_analysis()
        try:
            connector = self.factory(account)
            if state.bucket is None:
                state.bucket = bucket_for(
                    Platform(account.platform), policy=policy_override(account.settings)
                )
            for scope in connector.scopes():
                with self.db.session() as session:
                    cursor = load_cursor(session, account_id, scope)
                ScopePager(
                    self.ingestor, connector, account_id, scope, bucket=state.bucket,
                    outcome=outcome, max_pages=max_pages, stopping=self._stop.is_set,
                ).run(cursor)  # fmt: skip
        except RateLimited as exc:
            self._fail(outcome, state, AccountStatus.RATE_LIMITED, exc, exc.retry_after)
        except AuthExpired as exc:
            outcome.status = AccountStatus.AUTH_EXPIRED
            outcome.message = str(exc)
            outcome.retry_in = None  # waits for the user to re-authorise
        except Transient as exc:
            self._fail(outcome, state, AccountStatus.ERROR, exc, exc.retry_after)
        except (PermanentError, ConnectorError) as exc:
            self._fail(outcome, state, AccountStatus.ERROR, exc, None)
        except Exception as exc:  # a bug or a database fault: report it, keep the others going
            log.exception("sync of account %s failed", account_id)
            self._fail(outcome, state, AccountStatus.ERROR, exc, None)
        else:
            state.backoff.reset()
        self._record(account_id, outcome)
        changes = Changes(accounts=True)
        if outcome.new_comments:
            changes = changes | Changes(comments=True, trends=True)
        self.bus.emit(changes, self)
        return outcome

    def _fail(
        self,
        outcome: SyncOutcome,
        state: _AccountState,
        status: AccountStatus,
        exc: BaseException,
        retry_after: float | None,
    ) -> None:
        outcome.status = status
        outcome.message = str(exc) or type(exc).__name__
        outcome.retry_in = state.backoff.next_delay(retry_after)

    def _record(self, account_id: int, outcome: SyncOutcome) -> None:
        now = self.clock()
        with self.db.session() as session:
            account = session.get(Account, account_id)
            if account is None:
                return
            account.sync_status = outcome.status.value
            account.sync_message = outcome.message or None
            if outcome.status is AccountStatus.OK:
                account.last_success_at = now
                account.next_attempt_at = now + timedelta(seconds=account.poll_seconds)
            elif outcome.retry_in is not None:
                account.next_attempt_at = now + timedelta(seconds=outcome.retry_in)
            else:
                account.next_attempt_at = None

    # --- pause, resume, schedule ------------------------------------------------------

    def set_paused(self, account_id: int, paused: bool) -> None:
        """Pause or resume one account's sync."""
        with self.db.session() as session:
            account = session.get(Account, account_id)
            if account is None:
                raise ValueError(f"no account {account_id}")
            account.paused = paused
            account.sync_status = (
                AccountStatus.PAUSED.value if paused else AccountStatus.NEVER.value
            )
            account.next_attempt_at = None if paused else self.clock()
        self.bus.emit(Changes(accounts=True), self)
        self._wake.set()

    def due_accounts(self, now: datetime | None = None) -> list[int]:
        """Accounts whose next attempt has come (and that are not paused or awaiting auth)."""
        now = now or self.clock()
        return [aid for aid, next_at in self._syncable() if next_at is None or next_at <= now]

    def _syncable(self) -> list[tuple[int, datetime | None]]:
        with self.db.session() as session:
            rows = session.execute(
                select(Account.id, Account.next_attempt_at, Account.sync_status).where(
                    Account.paused.is_(False), Account.platform != Platform.FILE.value
                )
            ).all()
        return [
            (aid, next_at)
            for aid, next_at, status in rows
            if status != AccountStatus.AUTH_EXPIRED.value and (self.only is None or aid in self.only)
        ]

    def run_once(self, account_ids: list[int] | None = None) -> list[SyncOutcome]:
        """One pass over the given accounts (default: every account not paused)."""
        ids = account_ids if account_ids is not None else [aid for aid, _ in self._syncable()]
        return [self.sync_account(aid, drain=True) for aid in ids]

    def run_forever(self, *, workers: int = 3, idle_seconds: float = 5.0) -> None:
        """Sync accounts as they come due until stop() is called."""
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sync") as pool:
            while not self._stop.is_set():
                for aid in self.due_accounts():
                    state = self._states.get(aid)
                    if state is None or not state.running:
                        pool.submit(self.sync_account, aid)
                self._wake.wait(idle_seconds)
                self._wake.clear()

    def close(self) -> None:
        """Keep what the analysis learnt and end the analysis process, if any (after stop)."""
        self.ingestor.close()

    def start(self) -> threading.Thread:
        """Run the schedule in a background thread."""
        self._stop.clear()
        thread = threading.Thread(target=self.run_forever, name="sync-scheduler", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """Ask the schedule to end after the passes under way."""
        self._stop.set()
        self._wake.set()

    def wake(self) -> None:
        """Look for due accounts now (after adding or resuming one)."""
        self._wake.set()


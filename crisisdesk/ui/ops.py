"""Background work for the UI: run a callable off the GUI thread, get its result back on it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from crisisdesk.errors import UserFacingError
from crisisdesk.ui.messages import show_message

log = logging.getLogger(__name__)

_sync_mode = False
_read_pool: QThreadPool | None = None
_write_pool: QThreadPool | None = None
_pending: set[_Relay] = set()
_pending_lock = threading.Lock()


def set_sync_mode(enabled: bool) -> None:
    """Run every op inline on the calling thread (tests), like Picard's FakeThreadPool."""
    global _sync_mode
    _sync_mode = enabled


def read_pool() -> QThreadPool:
    """The pool for queries and network calls (several threads)."""
    global _read_pool
    if _read_pool is None:
        _read_pool = QThreadPool()
        _read_pool.setMaxThreadCount(4)
        _read_pool.setObjectName("crisisdesk-read")
    return _read_pool


def write_pool() -> QThreadPool:
    """The pool for database writes: one thread, so there is one writer at a time."""
    global _write_pool
    if _write_pool is None:
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
        _write_pool.setObjectName("crisisdesk-write")
    return _write_pool


class _Relay(QObject):
    """Carries one op's outcome from the worker thread to the GUI thread through a signal."""

    # Two object signals rather than one (bool, object): a bool argument on a queued signal
    # trips a reference-count bug in PySide6 6.x at interpreter exit.
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None,
        parent: QObject | None,
    ) -> None:
        super().__init__()  # no Qt parent: the relay must outlive nothing but its own op
        self._on_done = on_done
        self._on_error = on_error
        self._owner = parent
        self.succeeded.connect(self._on_succeeded)
        self.failed.connect(self._on_failed)

    @Slot(object)
    def _on_succeeded(self, value: object) -> None:
        self._deliver(True, value)

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        self._deliver(False, exc)

    def _deliver(self, ok: bool, value: object) -> None:
        with _pending_lock:
            _pending.discard(self)
        if self._owner is not None and not shiboken6.isValid(self._owner):
            return  # the widget that asked is gone; nobody is left to show the result to
        if ok:
            self._on_done(value)
            return
        assert isinstance(value, BaseException)
        if self._on_error is not None:
            self._on_error(value)
        else:
            report_error(value, parent=self._owner)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to on_error on the GUI thread
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


def run_op(
    fn: Callable[[], Any],
    *,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
    parent: QObject | None = None,
    write: bool = False,
) -> None:
    """Run fn() in the background; call on_done(result) or on_error(exc) on the GUI thread.

    write=True queues fn on the single writer thread. When parent is given and has been
    deleted by the time fn finishes, neither callback runs. May be called from any thread;
    the callbacks always run on the GUI thread.
    """
    relay = _Relay(on_done, on_error, parent)
    app = QCoreApplication.instance()
    if app is not None and relay.thread() is not app.thread():
        relay.moveToThread(app.thread())
    if _sync_mode:
        try:
            result = fn()
        except Exception as exc:
            relay._deliver(False, exc)
        else:
            relay._deliver(True, result)
        return
    with _pending_lock:
        _pending.add(relay)
    (write_pool() if write else read_pool()).start(_Task(fn, relay))


def pending_ops() -> int:
    """How many ops have not delivered their outcome yet."""
    with _pending_lock:
        return len(_pending)


def wait_idle(timeout_ms: int = 10000) -> bool:
    """Process events until every op has delivered (screenshots, benchmarks); False on timeout."""
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    while pending_ops():
        if time.monotonic() > deadline:
            return False
        QCoreApplication.processEvents()
        time.sleep(0.002)
    QCoreApplication.processEvents()
    return True


def report_error(exc: BaseException, *, parent: QObject | None = None) -> None:
    """Tell the user what failed: a UserFacingError as written, anything else briefly (and log it)."""
    if isinstance(exc, UserFacingError):
        text = str(exc)
    else:
        log.error("background operation failed", exc_info=exc)
        text = QCoreApplication.translate(
            "ops", "操作未能完成：{error}\n详细信息已记入日志。"
        ).format(error=type(exc).__name__)
    show_message(parent if isinstance(parent, QWidget) else None, text)

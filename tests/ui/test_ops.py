"""run_op: results and errors come back on the GUI thread; writes go through one thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from crisisdesk.ui import ops


@pytest.fixture
def threaded() -> Iterator[None]:
    ops.set_sync_mode(False)
    yield
    assert ops.wait_idle(5000)


def test_result_arrives_on_the_gui_thread(qtbot: QtBot, threaded: None) -> None:
    gui = threading.get_ident()
    seen: dict[str, int] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    results: list[int] = []
    ops.run_op(
        work, on_done=lambda r: (results.append(r), seen.setdefault("done", threading.get_ident()))
    )
    qtbot.waitUntil(lambda: results == [42])
    assert seen["worker"] != gui
    assert seen["done"] == gui


def test_exceptions_go_to_on_error(qtbot: QtBot, threaded: None) -> None:
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("坏数据")

    ops.run_op(boom, on_done=lambda _r: pytest.fail("no result expected"), on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], ValueError)


def test_writes_run_one_at_a_time(qtbot: QtBot, threaded: None) -> None:
    active = 0
    peak = 0
    lock = threading.Lock()
    done: list[int] = []

    def write(n: int) -> int:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        threading.Event().wait(0.01)
        with lock:
            active -= 1
        return n

    for n in range(5):
        ops.run_op(lambda n=n: write(n), on_done=done.append, write=True)
    qtbot.waitUntil(lambda: len(done) == 5)
    assert peak == 1
    assert done == [0, 1, 2, 3, 4]  # queued in order on the single writer
    assert ops.write_pool().maxThreadCount() == 1


def test_no_callback_once_the_asking_widget_is_gone(qtbot: QtBot, threaded: None) -> None:
    widget = QWidget()
    release = threading.Event()
    called: list[object] = []
    ops.run_op(lambda: release.wait(2), on_done=called.append, parent=widget)
    widget.deleteLater()
    qtbot.wait(20)
    release.set()
    assert ops.wait_idle(2000)
    assert called == []


def test_sync_mode_runs_inline() -> None:
    results: list[int] = []
    errors: list[BaseException] = []
    ops.run_op(lambda: 7, on_done=results.append)
    ops.run_op(lambda: 1 / 0, on_done=results.append, on_error=errors.append)
    assert results == [7]
    assert isinstance(errors[0], ZeroDivisionError)


def test_an_op_started_from_a_worker_thread_still_reports_on_the_gui_thread(
    qtbot: QtBot, threaded: None
) -> None:
    gui = threading.get_ident()
    seen: list[int] = []
    starter = threading.Thread(
        target=lambda: ops.run_op(lambda: 1, on_done=lambda _r: seen.append(threading.get_ident()))
    )
    starter.start()
    starter.join()
    qtbot.waitUntil(lambda: seen == [gui])

"""The changes event: bus -> one coalesced Qt signal on the GUI thread -> panes reload."""

from __future__ import annotations

import threading
from datetime import timedelta

from pytestqt.qtbot import QtBot
from sqlalchemy import update

from crisisdesk.domain import Changes
from crisisdesk.services.events import ChangeBus
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Account, Alert, Comment
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.main_window import MainWindow
from crisisdesk.ui.panes.inbox import InboxPane
from crisisdesk.ui.panes.inbox_model import COL_STATUS, COL_TEXT
from tests.ui.workspace_data import T0


def test_a_burst_from_other_threads_arrives_once_on_the_gui_thread(qtbot: QtBot) -> None:
    bus = ChangeBus()
    bridge = ChangesBridge(bus, interval_ms=50)
    received: list[tuple[Changes, object | None, int]] = []
    bridge.changed.connect(lambda c, i: received.append((c, i, threading.get_ident())))
    workers = [
        threading.Thread(target=bus.emit, args=(Changes(comments=True, comment_ids=(n,)),))
        for n in range(5)
    ] + [threading.Thread(target=bus.emit, args=(Changes(alerts=True),))]
    with qtbot.waitSignal(bridge.changed, timeout=2000):
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    qtbot.wait(120)  # nothing else arrives after the burst was delivered
    assert len(received) == 1
    changes, initiator, thread = received[0]
    assert changes.comments and changes.alerts and not changes.templates
    assert sorted(changes.comment_ids) == [0, 1, 2, 3, 4]
    assert initiator is None
    assert thread == threading.get_ident()


def test_the_initiator_is_passed_through(qtbot: QtBot) -> None:
    bus = ChangeBus()
    bridge = ChangesBridge(bus, interval_ms=10)
    marker = object()
    with qtbot.waitSignal(bridge.changed) as blocker:
        bus.emit(Changes(templates=True), marker)
    assert blocker.args[1] is marker
    bridge.close()
    bus.emit(Changes(templates=True))
    with qtbot.assertNotEmitted(bridge.changed, wait=50):
        pass


def test_new_and_changed_comments_reload_the_inbox(qtbot: QtBot, workspace: Database) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    inbox = window.pane("inbox")
    assert isinstance(inbox, InboxPane)
    model = inbox.model
    assert model.rowCount() == 30
    inbox.view.selectRow(3)
    selected_id = model.comment_id(3)
    with workspace.session() as s:
        account_id = s.query(Account.id).first()[0]  # type: ignore[index]
        fresh = Comment(
            account_id=account_id,
            platform="weibo",
            external_id="fresh",
            text="刚刚发生的新评论",
            created_at=T0 + timedelta(minutes=5),
        )
        s.add(fresh)
        s.flush()
        fresh_id = fresh.id
        s.execute(update(Comment).where(Comment.id == model.comment_id(5)).values(status="handled"))
    changed_id = model.comment_id(5)
    from crisisdesk.services.events import BUS

    with qtbot.waitSignal(window.changes.changed, timeout=2000):
        BUS.emit(Changes(comments=True, comment_ids=(changed_id,)))
    assert model.rowCount() == 31
    assert model.comment_id(0) == fresh_id
    assert model.data(model.index(0, COL_TEXT)) == "刚刚发生的新评论"
    assert model.data(model.index(6, COL_STATUS)) == "已办结"
    # The operator's selection follows its comment down as new rows arrive on top.
    assert model.comment_id(inbox.view.selectionModel().selectedRows()[0].row()) == selected_id
    assert "共 31 条评论" in inbox.count_label.text()


def test_alert_changes_refresh_the_warning_level(qtbot: QtBot, workspace: Database) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    assert window.status.level_label.text() == "黄色预警（待确认）"
    with workspace.session() as s:
        s.add(Alert(fired_at=T0, level=4, value=1.0, reason="集中投诉"))
    from crisisdesk.services.events import BUS

    with qtbot.waitSignal(window.changes.changed, timeout=2000):
        BUS.emit(Changes(alerts=True))
    assert window.status.level_label.text() == "红色预警（待确认）"

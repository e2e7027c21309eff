"""Issue 7's bar on the demo workspace: watch the complaint wave rise, read the yellow then orange
warning, escalate it, see the 5 h / 24 h countdowns, link the wave's comments, read the timeline."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from crisisdesk.domain import Platform, Severity, WarningLevel
from crisisdesk.services.accounts import ConnectorPool
from crisisdesk.services.demo import build_demo
from crisisdesk.storage.db import Database, open_database
from crisisdesk.storage.schema import Account, Alert, Comment, Incident
from crisisdesk.ui.alert_notifier import AlertEvaluator
from crisisdesk.ui.alerts_centre import EscalateDialog
from crisisdesk.ui.connectors import set_shared_pool
from crisisdesk.ui.main_window import MainWindow
from crisisdesk.ui.panes.trends import TrendsPane

pytestmark = pytest.mark.slow


@pytest.fixture
def demo(db_url: str) -> Iterator[Database]:
    """A small demo (its wave, its replayed warnings) with the live drill not yet fetched."""
    build_demo(db_url, comments=1000)
    db = open_database(db_url)
    with db.session() as s:
        drill = s.execute(
            select(Account).where(Account.platform == Platform.SIMULATOR.value)
        ).scalar_one()
        # The drill stamps comments with scenario time (start + scripted offset): started four
        # hours ago, its whole scripted curve lies in the past, where the chart shows it.
        drill.settings = {**drill.settings, "started_at": time.time() - 4 * 3600}
    pool = ConnectorPool()
    set_shared_pool(pool)
    yield db
    set_shared_pool(None)
    pool.close_all()
    db.dispose()


def _hourly(x: np.ndarray, y: np.ndarray, now: float) -> np.ndarray:
    """Comments per hour over the last 24 hours, oldest hour first."""
    hours = np.clip(((now - x) // 3600).astype(int), 0, 23)
    out = np.zeros(24)
    np.add.at(out, 23 - hours, np.nan_to_num(y))
    return out


def _press_ok_on_escalate(qtbot: QtBot, seen: dict[str, object]) -> None:
    """Once the escalate dialog is up, note its defaults and press its OK button."""

    def press() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, EscalateDialog):
            QTimer.singleShot(20, press)
            return
        seen["severity"] = dialog.severity.currentData()
        seen["title"] = dialog.title.text()
        dialog.note.setText("社保缴费系统故障，启动应急响应")
        box = dialog.findChild(QDialogButtonBox)
        assert box is not None
        qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press)


def test_watch_the_wave_escalate_it_and_read_the_incident(
    qtbot: QtBot, demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("crisisdesk.ui.panes.trends.actor_name", lambda: "liqiang")  # 李强
    window = MainWindow(demo, remember_state=False)
    qtbot.addWidget(window)
    window.show()
    status = window.status
    assert status is not None

    # The live chart: the last hours stand well above the day before them.
    pane = window.show_pane("trends")
    assert isinstance(pane, TrendsPane)
    qtbot.mouseClick(pane.range_buttons["24h"], Qt.MouseButton.LeftButton)
    pane.live.click()
    assert pane.live.isChecked() and pane.live_timer.isActive()
    qtbot.waitUntil(lambda: pane.data is not None and pane.data.interval == 300)
    x, top = pane.charts.total_curve.getData()
    hourly = _hourly(x, top, time.time())
    assert hourly[-3:].mean() > 3 * max(hourly[:18].mean(), 1.0), hourly

    # The live drill's comments arrive through a sync pass, as the console's sync does.
    with demo.session() as s:
        drill_id = s.execute(
            select(Account.id).where(Account.platform == Platform.SIMULATOR.value)
        ).scalar_one()
    before = float(np.nansum(top))
    outcomes: list[int] = []
    window.sync_runner().sync_now(drill_id, on_done=lambda o: outcomes.append(o.new_comments))
    assert outcomes and outcomes[0] > 100, outcomes
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(pane, Qt.Key.Key_F5)  # a full read takes in the drill's earlier hours too
    qtbot.waitUntil(lambda: float(np.nansum(pane.charts.total_curve.getData()[1]))
                    >= before + outcomes[0])
    assert "评论" in pane.summary.text()

    # The alert centre: a yellow then an orange warning, each with its figures and baseline.
    pane.tabs.setCurrentWidget(pane.alerts)
    centre = pane.alerts
    qtbot.waitUntil(lambda: centre.model.rowCount() > 0)
    rows = [centre.model.record(r) for r in range(centre.model.rowCount())]
    wave_start = datetime.now(UTC) - timedelta(hours=8)
    in_wave = sorted((a for a in rows if a.fired_at >= wave_start), key=lambda a: a.fired_at)
    yellow = next(a for a in in_wave if a.level == WarningLevel.YELLOW)
    orange = next(a for a in in_wave
                  if a.level == WarningLevel.ORANGE and a.fired_at > yellow.fired_at)
    for alert in (yellow, orange):
        centre.select_alert(alert.id)
        detail = centre.detail.toPlainText()
        assert alert.reason in detail and "依据数据" in detail
        assert any(ch.isdigit() for ch in alert.reason)
        assert "常态" in detail or "阈值" in detail or "分级线" in detail, detail
        shown = centre.model.data(centre.model.index(centre.model.row_of(alert.id), 1))
        assert shown == alert.level.label, shown
    level_text = status.level_label.text()
    assert status.level is not None and status.level >= WarningLevel.ORANGE
    assert level_text.endswith("预警（待确认）"), level_text

    # Escalate the orange warning through the alert centre's own button and dialog.
    centre.select_alert(orange.id)
    assert centre.escalate_button.isEnabled()
    seen: dict[str, object] = {}
    _press_ok_on_escalate(qtbot, seen)
    qtbot.mouseClick(centre.escalate_button, Qt.MouseButton.LeftButton)
    assert seen["severity"] == int(Severity.II), seen  # an orange warning suggests 重大（II级）
    view = pane.incidents
    qtbot.waitUntil(lambda: pane.tabs.currentWidget() is view and view.selected_id() is not None)
    incident_id = view.selected_id()
    assert incident_id is not None
    with demo.session() as s:
        inc = s.get(Incident, incident_id)
        assert inc is not None and inc.severity == int(Severity.II)
        assert s.get(Alert, orange.id).incident_id == incident_id  # type: ignore[union-attr]

    # The 5 h and 24 h countdowns, in the incident view and in the status bar.
    qtbot.waitUntil(lambda: len(view.countdowns) == 2)
    assert [c.kind for c in view.countdowns] == ["info", "press"]
    text = view.countdown_label.text()
    assert "发布权威信息：剩余 4小时59分" in text or "发布权威信息：剩余 5小时00分" in text, text
    assert "召开新闻发布会：剩余 23小时59分" in text or "召开新闻发布会：剩余 24小时00分" in text
    qtbot.waitUntil(lambda: status.deadline is not None)
    assert status.deadline_label.isVisible()
    assert f"事件 #{incident_id} 发布权威信息：剩余" in status.deadline_label.text()

    # Link the wave's comments: the largest recent wave is offered, described, preselected.
    assert view.wave_button.isEnabled() and view.wave_choice.count() > 0
    wave_id = int(view.wave_choice.currentData())
    label = view.wave_choice.currentText()
    assert label.startswith(f"#{wave_id} · ") and " 条 · " in label
    with demo.session() as s:
        members = s.execute(select(func.count()).select_from(Comment)
                            .where(Comment.wave_id == wave_id)).scalar_one()
    qtbot.mouseClick(view.wave_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0
                    and view.model.record(0).linked_comments == members)
    assert view.wave_choice.currentText().endswith("（已关联）")

    # The next evaluation, as the console's timer runs it; then the timeline, oldest first.
    AlertEvaluator(demo, parent=window).run_now()
    view.select_incident(incident_id)
    lines = [view.timeline.record(r) for r in range(view.timeline.rowCount())]
    kinds = [e.kind for e in lines]
    texts = [e.text for e in lines]
    assert lines == sorted(lines, key=lambda e: e.at)
    assert texts[0].startswith("橙色预警触发：") and lines[0].at == orange.fired_at
    assert "opened" in kinds and kinds.index("opened") > 0
    assert any(t.startswith("由预警升级：橙色预警") for t in texts)
    assert any(f"关联疑似水军评论波次 #{wave_id}（{members} 条）" in t for t in texts)
    assert view.timeline.data(view.timeline.index(0, 1)) == "预警"
    assert any(e.actor == "李强" for e in lines)

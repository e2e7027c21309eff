"""Alert centre, rule editor with backtest, tray notifier and the background evaluator."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select

from crisisdesk.domain import AlertStatus, Changes, IncidentStatus, Severity, WarningLevel
from crisisdesk.services.alerts import AlertView
from crisisdesk.services.incidents import IncidentView
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Account, Alert, AlertRule, Incident, TrendBucket
from crisisdesk.ui import alerts_data
from crisisdesk.ui.alert_notifier import AlertEvaluator, AlertNotifier
from crisisdesk.ui.alert_sound import set_sound_enabled
from crisisdesk.ui.alerts_centre import AlertCentre, reason_text
from crisisdesk.ui.alerts_rules import RuleEditor
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.dialogs.escalate_dialog import EscalateDialog
from tests.ui.workspace_data import T0


def _surge(db: Database) -> None:
    """Two quiet days, then an hour of mostly negative comments before T0."""
    with db.session() as s:
        account = s.scalars(select(Account)).first()
        assert account is not None
        rows = []
        for m in range(0, 2 * 24 * 60, 10):
            rows.append({"account_id": account.id, "minute": T0 - timedelta(days=2, minutes=-m),
                         "sentiment": "neutral", "intent": "question", "count": 2})
        for m in range(60):
            rows.append({"account_id": account.id, "minute": T0 - timedelta(minutes=60 - m),
                         "sentiment": "negative", "intent": "complaint", "count": 3})
        s.execute(insert(TrendBucket), rows)


def test_rule_edit_and_backtest(qtbot: QtBot, workspace: Database) -> None:
    _surge(workspace)
    editor = RuleEditor(workspace, actor="li")
    qtbot.addWidget(editor)
    editor.reload()
    editor.select_rule("negative_share")
    assert editor.current is not None and editor.current.kind == "negative_share"
    editor.inputs["threshold"].setValue(60.0)
    editor.inputs["min_volume"].setValue(20)
    editor.cooldown.setValue(30)
    editor.save()
    stored = {s.name: s for s in alerts_data.rule_specs(workspace)}["negative_share"]
    assert stored.params["threshold"] == pytest.approx(0.6)
    assert stored.params["min_volume"] == 20 and stored.cooldown_seconds == 1800
    with qtbot.waitSignal(editor.backtested) as sig:
        editor.run_backtest(now=T0 + timedelta(minutes=5))
    result = sig.args[0]
    assert result.firings, "the surge would have fired"
    assert editor.firings.rowCount() == len(result.firings)
    assert "将触发" in editor.result.text()
    assert "负面" in result.firings[0].reason


def test_index_rule_weights_and_levels_are_editable(qtbot: QtBot, workspace: Database) -> None:
    editor = RuleEditor(workspace, actor="li")
    qtbot.addWidget(editor)
    editor.reload()
    editor.select_rule("warning_index")
    assert set(editor.weights) == {"growth", "negative", "spread", "watch", "lag"}
    assert not editor.backtest_button.isEnabled()
    editor.weights["lag"].setValue(0.0)
    editor.levels[0].setValue(30)
    editor.save()
    stored = {s.name: s for s in alerts_data.rule_specs(workspace)}["warning_index"]
    assert stored.params["weights"]["lag"] == 0.0 and stored.params["levels"][0] == 30.0


def test_acknowledge_and_escalate(qtbot: QtBot, workspace: Database) -> None:
    centre = AlertCentre(workspace, actor="li")
    qtbot.addWidget(centre)
    centre.reload()
    assert centre.model.rowCount() == 1
    centre.table.selectRow(0)
    alert = centre.selected()
    assert alert is not None and "42%" in centre.detail.toPlainText()
    assert centre.ack_button.isEnabled()
    centre.acknowledge(alert.id, "已联系供水公司核实")
    with workspace.session() as s:
        row = s.get(Alert, alert.id)
        assert row is not None and row.status == AlertStatus.ACKNOWLEDGED.value
        assert row.ack_note == "已联系供水公司核实"
    assert not centre.ack_button.isEnabled()
    with qtbot.waitSignal(centre.incident_opened) as sig:
        centre.escalate(alert.id, title="停水投诉", severity=Severity.II, note="升级处置")
    with workspace.session() as s:
        inc = s.get(Incident, sig.args[0])
        assert inc is not None and inc.title == "停水投诉" and inc.severity == 2
    escalated = next(a for a in alerts_data.alert_list(workspace, open_only=False)
                     if a.id == alert.id)
    assert "已升级为危机事件" in reason_text(escalated)
    centre.open_only.setChecked(True)
    assert centre.model.rowCount() == 0


def _on_escalate_dialog(qtbot: QtBot, act: Callable[[EscalateDialog], None]) -> None:
    """Once the escalate dialog is up, let `act` look at and fill it, then press its OK button."""

    def press() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, EscalateDialog):
            QTimer.singleShot(20, press)
            return
        act(dialog)
        box = dialog.findChild(QDialogButtonBox)
        assert box is not None
        qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press)


def test_a_later_alert_joins_the_incident_already_open(qtbot: QtBot, workspace: Database) -> None:
    with workspace.session() as s:
        rule = s.scalars(select(AlertRule)).first()
        assert rule is not None
        later = Alert(rule_id=rule.id, fired_at=T0 + timedelta(minutes=40), level=3, value=0.61,
                      baseline=0.15, reason="负面评论占比 61%，高于基线 15%")
        s.add(later)
        s.flush()
        later_id = later.id
    centre = AlertCentre(workspace, actor="li")
    qtbot.addWidget(centre)
    centre.reload()
    first = next(a for a in (centre.model.record(r) for r in range(centre.model.rowCount()))
                 if a.id != later_id)

    # No incident is open yet: the dialog opens a new one, and cannot attach.
    seen: dict[str, object] = {}

    def open_new(dialog: EscalateDialog) -> None:
        seen["new"] = dialog.new_incident.isChecked()
        seen["can_attach"] = dialog.attach.isEnabled()
        dialog.title.setText("停水投诉")
        dialog.severity.setCurrentIndex(dialog.severity.findData(int(Severity.II)))

    centre.select_alert(first.id)
    _on_escalate_dialog(qtbot, open_new)
    with qtbot.waitSignal(centre.incident_opened) as sig:
        qtbot.mouseClick(centre.escalate_button, Qt.MouseButton.LeftButton)
    incident_id = sig.args[0]
    assert seen == {"new": True, "can_attach": False}

    # The later alert: the incident opened minutes ago is offered and preselected.
    def attach(dialog: EscalateDialog) -> None:
        seen["attach"] = dialog.attach.isChecked()
        seen["offered"] = dialog.incident.currentData()
        seen["label"] = dialog.incident.currentText()
        seen["title_editable"] = dialog.title.isEnabled()
        dialog.note.setText("同一事态，并入处置")

    centre.select_alert(later_id)
    assert centre.escalate_button.isEnabled()
    _on_escalate_dialog(qtbot, attach)
    with qtbot.waitSignal(centre.incident_opened) as sig:
        qtbot.mouseClick(centre.escalate_button, Qt.MouseButton.LeftButton)
    assert sig.args[0] == incident_id
    assert seen["attach"] is True and seen["offered"] == incident_id
    assert seen["label"] == f"#{incident_id} 停水投诉 · 重大（II级） · 监测", seen["label"]
    assert seen["title_editable"] is False

    with workspace.session() as s:
        assert s.scalars(select(Incident.id)).all() == [incident_id]
        for alert_id in (first.id, later_id):
            row = s.get(Alert, alert_id)
            assert row is not None and row.incident_id == incident_id
            assert row.status == AlertStatus.ESCALATED.value
    detail = alerts_data.incident_detail(workspace, incident_id)
    fired = [e for e in detail.timeline if e.details.get("fired")]
    assert [(e.details["alert_id"], e.at) for e in fired] == [(first.id, T0),
                                                           (later_id, T0 + timedelta(minutes=40))]
    raised = [e for e in detail.timeline if e.text.startswith("由预警升级：")]
    assert [e.details["alert_id"] for e in raised] == [first.id, later_id]
    assert raised[1].details["note"] == "同一事态，并入处置"
    assert [e.kind for e in detail.timeline].count("opened") == 1
    assert not centre.escalate_button.isEnabled()  # the later alert is escalated now


def _incident(opened: datetime, *, id: int = 7) -> IncidentView:
    return IncidentView(id=id, title="供水\n投诉", severity=Severity.III,
                        status=IncidentStatus.RESPONDING, owner=None, opened_at=opened,
                        closed_at=None, linked_comments=0, countdowns=[])


def test_escalate_dialog_offers_new_when_the_open_incident_is_old(qtbot: QtBot) -> None:
    alert = AlertView(id=1, rule_name="负面占比", rule_label="负面占比", kind="negative_share",
                      fired_at=T0, level=WarningLevel.ORANGE, value=0.6, baseline=0.2,
                      reason="负面评论占比 60%", details={}, status=AlertStatus.OPEN,
                      ack_by=None, ack_at=None, ack_note="", incident_id=None)
    stale = EscalateDialog(alert, [_incident(T0 - timedelta(hours=25), id=8),
                                   _incident(T0 - timedelta(days=3))], now=T0)
    qtbot.addWidget(stale)
    assert stale.new_incident.isChecked() and stale.incident_id() is None
    assert stale.attach.isEnabled() and not stale.incident.isEnabled()
    assert stale.severity.currentData() == int(Severity.II)  # an orange warning: 重大（II级）
    assert [stale.incident.itemData(i) for i in range(stale.incident.count())] == [8, 7]
    assert stale.incident.itemText(0) == "#8 供水 投诉 · 较大（III级） · 响应"
    stale.attach.setChecked(True)
    assert stale.incident_id() == 8 and not stale.title.isEnabled()
    fresh = EscalateDialog(alert, [_incident(T0 - timedelta(hours=23))], now=T0)
    qtbot.addWidget(fresh)
    assert fresh.attach.isChecked() and fresh.incident_id() == 7


def test_notifier_is_guarded_offscreen_and_announces(qtbot: QtBot, workspace: Database,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    beeps: list[int] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    bridge = ChangesBridge()
    notifier = AlertNotifier(workspace, bridge)
    assert notifier.tray is None  # offscreen has no system tray
    assert notifier.last_id is not None  # old alerts are not announced
    with workspace.session() as s:
        rule = s.scalars(select(AlertRule)).first()
        assert rule is not None
        s.add(Alert(rule_id=rule.id, fired_at=T0, level=4, value=0.9, baseline=0.5,
                    reason="负面占比 90%"))
    set_sound_enabled(True)
    with qtbot.waitSignal(notifier.announced) as sig:
        bridge._on_bus(Changes(alerts=True), None)
        bridge.flush()
    assert "红色预警" in sig.args[0] and sig.args[1] == 4
    assert beeps == [1]
    set_sound_enabled(False)
    with workspace.session() as s:
        s.add(Alert(rule_id=rule.id, fired_at=T0, level=1, value=1, baseline=1, reason="x"))
    notifier.check()
    assert beeps == [1]
    set_sound_enabled(True)


def test_evaluator_runs_rules(qtbot: QtBot, workspace: Database) -> None:
    _surge(workspace)
    with workspace.session() as s:
        # The test workspace's hand-made rule has no threshold; give it one so every rule runs.
        for rule in s.scalars(select(AlertRule).where(AlertRule.name == "负面占比")):
            rule.params = {"threshold": 0.5, "min_volume": 10}
    evaluator = AlertEvaluator(workspace, interval_ms=60_000)
    with qtbot.waitSignal(evaluator.evaluated) as sig:
        evaluator.run_now(T0 + timedelta(minutes=5))
    assert sig.args[0] >= 1
    evaluator.start()
    assert evaluator.timer.isActive()
    evaluator.stop()

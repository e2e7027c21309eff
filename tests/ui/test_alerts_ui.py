"""Alert centre, rule editor with backtest, tray notifier and the background evaluator."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select

from crisisdesk.domain import AlertStatus, Changes, Severity
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Account, Alert, AlertRule, Incident, TrendBucket
from crisisdesk.ui import alerts_data
from crisisdesk.ui.alert_notifier import AlertEvaluator, AlertNotifier
from crisisdesk.ui.alert_sound import set_sound_enabled
from crisisdesk.ui.alerts_centre import AlertCentre, reason_text
from crisisdesk.ui.alerts_rules import RuleEditor
from crisisdesk.ui.changes import ChangesBridge
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

"""The incident view: create, lifecycle, severity, countdowns, timeline notes, crisis mode."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from crisisdesk.domain import IncidentStatus, Severity
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import CrisisMode, Incident
from crisisdesk.ui.incidents_view import IncidentsView, countdown_text


def _view(qtbot: QtBot, db: Database) -> IncidentsView:
    view = IncidentsView(db, actor="li")
    qtbot.addWidget(view)
    view.reload()
    return view


def test_lifecycle_and_timeline(qtbot: QtBot, workspace: Database) -> None:
    view = _view(qtbot, workspace)
    assert view.model.rowCount() == 0
    view.create_incident("供水管网爆裂", Severity.IV)
    assert view.model.rowCount() == 1
    incident_id = view.selected_id()
    assert incident_id is not None
    assert [view.next_status.itemText(i) for i in range(view.next_status.count())] == ["响应", "结束"]
    view.set_status(incident_id, IncidentStatus.RESPONDING)
    view.note.setText("已派员赶赴现场")
    view._on_note()
    view.owner.setText("li")
    view._on_owner()
    texts = [view.timeline.record(r).text for r in range(view.timeline.rowCount())]
    assert any("监测" in t and "响应" in t for t in texts)
    assert "已派员赶赴现场" in texts
    assert any("李审核" in t for t in texts)
    with workspace.session() as s:
        inc = s.get(Incident, incident_id)
        assert inc is not None and inc.status == "responding"
    view.set_status(incident_id, IncidentStatus.CLOSED)
    assert view.model.rowCount() == 0  # closed ones hidden by default
    view.include_closed.setChecked(True)
    assert view.model.rowCount() == 1


def test_countdowns_follow_severity(qtbot: QtBot, workspace: Database) -> None:
    view = _view(qtbot, workspace)
    view.create_incident("重大舆情", Severity.IV)
    assert [c.kind for c in view.countdowns] == ["response"]
    view.severity.setCurrentIndex(view.severity.findData(2))
    view._on_severity(0)
    kinds = [c.kind for c in view.countdowns]
    assert kinds == ["info", "press"]
    info = view.countdowns[0]
    opened = info.due_at - timedelta(hours=5)
    view.tick(opened + timedelta(hours=1, seconds=30))
    assert "发布权威信息：剩余 3小时59分30秒" in view.countdown_label.text()
    view.tick(opened + timedelta(hours=6))
    assert "已超时 1小时00分00秒" in view.countdown_label.text()
    assert "c81e1e" in view.countdown_label.styleSheet()
    assert countdown_text(info, opened).endswith("剩余 5小时00分00秒")


def test_statement_meets_the_information_deadline(qtbot: QtBot, workspace: Database) -> None:
    from crisisdesk.ui import alerts_data

    view = _view(qtbot, workspace)
    view.create_incident("系统故障", Severity.II)
    incident_id = view.selected_id()
    assert incident_id is not None
    alerts_data.record_statement(workspace, incident_id, "情况通报", actor="li",
                                 press_conference=False)
    view.reload()
    info = next(c for c in view.countdowns if c.kind == "info")
    assert info.met_at is not None
    assert "已于" in view.countdown_label.text()


def test_crisis_mode_start_and_lift(qtbot: QtBot, workspace: Database) -> None:
    view = _view(qtbot, workspace)
    view.create_incident("暴雨内涝", Severity.III)
    assert "未启动" in view.crisis_label.text()
    with qtbot.waitSignal(view.crisis_changed) as sig:
        view.start_crisis("暴雨内涝，暂停常规发布")
    assert sig.args[0] is True
    assert "危机模式运行中" in view.crisis_label.text() and "李审核" in view.crisis_label.text()
    with workspace.session() as s:
        mode = s.query(CrisisMode).one()
        assert mode.lifted_at is None and mode.incident_id == view.selected_id()
    view.lift_crisis("险情解除")
    assert "未启动" in view.crisis_label.text()
    with workspace.session() as s:
        assert s.query(CrisisMode).one().lifted_at is not None

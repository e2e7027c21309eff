"""The status bar's facts: account sync state, the warning level, the nearest incident deadline, the workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QStatusBar

from crisisdesk.domain import Changes, WarningLevel
from crisisdesk.services import views
from crisisdesk.services.incidents import Countdown
from crisisdesk.services.views import AccountSummary
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.incidents_view import countdown_text
from crisisdesk.ui.ops import run_op


@dataclass(frozen=True)
class Deadline:
    """The open incident's deadline that falls due first (unmet ones only)."""

    incident_id: int
    title: str
    countdown: Countdown


@dataclass(frozen=True)
class _Status:
    accounts: AccountSummary
    level: WarningLevel
    deadline: Deadline | None = None


def _nearest_deadline(db: Database) -> Deadline | None:
    from crisisdesk.services.incidents import list_incidents

    with db.session() as session:
        open_ones = list_incidents(session, datetime.now(UTC))
    pending = [Deadline(inc.id, inc.title, c) for inc in open_ones for c in inc.countdowns
               if c.met_at is None]
    return min(pending, key=lambda d: d.countdown.due_at) if pending else None


def _read_status(db: Database) -> _Status:
    return _Status(views.account_summary(db), views.current_warning_level(db),
                   _nearest_deadline(db))


def _label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class StatusBarController(QObject):
    """Fills permanent labels in a status bar and keeps them current on changes."""

    loaded = Signal()

    def __init__(
        self, bar: QStatusBar, db: Database, changes: ChangesBridge, workspace: str
    ) -> None:
        super().__init__(bar)
        self._db = db
        self.sync_label = _label()
        self.level_label = _label()
        self.level_label.setObjectName("warningLevel")
        self.deadline_label = _label()
        self.deadline_label.setObjectName("incidentDeadline")
        self.deadline_label.hide()
        self.deadline: Deadline | None = None
        # The deadline ticks every second from the due time already read: no query per tick.
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.tick)
        self.workspace_label = _label()
        self.workspace_label.setText(self.tr("工作区：{name}").format(name=workspace))
        self.level: WarningLevel | None = None
        bar.addPermanentWidget(self.sync_label)
        bar.addPermanentWidget(self.level_label)
        bar.addPermanentWidget(self.deadline_label)
        bar.addPermanentWidget(self.workspace_label)
        changes.changed.connect(self.on_changes)
        self.refresh()

    def refresh(self) -> None:
        """Read the account states and the warning level again."""
        db = self._db
        run_op(lambda: _read_status(db), on_done=self._show, parent=self)

    def _show(self, status: _Status) -> None:
        accounts = status.accounts
        if accounts.total == 0:
            self.sync_label.setText(self.tr("尚未接入账号"))
        else:
            parts = [self.tr("{n} 个正常").format(n=accounts.ok)]
            if accounts.problems:
                parts.append(self.tr("{n} 个异常").format(n=accounts.problems))
            if accounts.paused:
                parts.append(self.tr("{n} 个已暂停").format(n=accounts.paused))
            if accounts.waiting:
                parts.append(self.tr("{n} 个尚未同步").format(n=accounts.waiting))
            self.sync_label.setText(
                self.tr("账号同步：{parts}（共 {total} 个）").format(
                    parts=self.tr("，").join(parts), total=accounts.total
                )
            )
        self.level = status.level
        background, foreground = labels.LEVEL_COLOURS[status.level]
        # The gravest alert not yet acknowledged, which may be graver than the index now
        # (the trends pane shows that): said so, so the two never read as a contradiction.
        level_text = labels.warning_level(status.level)
        if status.level != WarningLevel.NONE:
            level_text = self.tr("{level}（待确认）").format(level=level_text)
        self.level_label.setText(level_text)
        self.level_label.setToolTip(
            self.tr("尚未确认的预警中级别最高者。在“趋势与预警”的“预警中心”确认后解除。")
            if status.level != WarningLevel.NONE
            else self.tr("没有尚未确认的预警。")
        )
        self.level_label.setStyleSheet(
            f"QLabel#warningLevel {{ background: {background}; color: {foreground};"
            " border-radius: 3px; padding: 1px 8px; font-weight: bold; }"
        )
        self.deadline = status.deadline
        if self.deadline is None:
            self.ticker.stop()
            self.deadline_label.hide()
        else:
            self.ticker.start()
            self.deadline_label.show()
            self.tick()
        self.loaded.emit()

    @Slot()
    def tick(self, now: datetime | None = None) -> None:
        """Count the nearest incident deadline down (red once it has passed)."""
        deadline = self.deadline
        if deadline is None:
            return
        moment = now or datetime.now(UTC)
        self.deadline_label.setText(self.tr("事件 #{id} {countdown}").format(
            id=deadline.incident_id, countdown=countdown_text(deadline.countdown, moment)))
        self.deadline_label.setToolTip(labels.plain_tooltip(deadline.title))
        colour = "#c81e1e" if deadline.countdown.due_at < moment else "#1e3a5f"
        self.deadline_label.setStyleSheet(
            f"QLabel#incidentDeadline {{ color: {colour}; font-weight: bold; padding: 1px 6px; }}")

    @Slot(object, object)
    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """Account, alert and incident changes touch what the bar shows."""
        if changes.accounts or changes.alerts or changes.incidents:
            self.refresh()

"""The status bar's three facts: account sync state, the current warning level, the workspace."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QStatusBar

from crisisdesk.domain import Changes, WarningLevel
from crisisdesk.services import views
from crisisdesk.services.views import AccountSummary
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.ops import run_op


@dataclass(frozen=True)
class _Status:
    accounts: AccountSummary
    level: WarningLevel


def _read_status(db: Database) -> _Status:
    return _Status(views.account_summary(db), views.current_warning_level(db))


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
        self.workspace_label = _label()
        self.workspace_label.setText(self.tr("工作区：{name}").format(name=workspace))
        self.level: WarningLevel | None = None
        bar.addPermanentWidget(self.sync_label)
        bar.addPermanentWidget(self.level_label)
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
        self.level_label.setText(labels.warning_level(status.level))
        self.level_label.setStyleSheet(
            f"QLabel#warningLevel {{ background: {background}; color: {foreground};"
            " border-radius: 3px; padding: 1px 8px; font-weight: bold; }"
        )
        self.loaded.emit()

    @Slot(object, object)
    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """Account and alert changes touch what the bar shows."""
        if changes.accounts or changes.alerts:
            self.refresh()

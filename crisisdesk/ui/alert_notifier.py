"""Desktop notice of new alerts (system tray message, optional beep) and the minute-by-minute evaluation."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from crisisdesk.domain import Changes, WarningLevel
from crisisdesk.services.alerts import AlertView
from crisisdesk.storage.db import Database
from crisisdesk.ui import alerts_data, labels
from crisisdesk.ui.alert_sound import sound_enabled
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.ops import run_op

EVALUATE_MS = 60_000


class AlertNotifier(QObject):
    """Watches for alerts newer than the last one seen and announces each burst once.

    The tray icon exists only where the desktop has a system tray; elsewhere (offscreen,
    some Linux desktops) the notice is the `announced` signal alone, which the window can
    show in its status bar.
    """

    announced = Signal(str, int)  # the message, the gravest level
    activated = Signal()  # the user clicked the notice

    def __init__(self, db: Database, changes: ChangesBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.last_id: int | None = None  # set by the first read: old alerts are not news
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            app = QApplication.instance()
            icon = QIcon()
            if isinstance(app, QApplication):
                icon = app.windowIcon()
                if icon.isNull():
                    icon = app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(self.tr("CrisisDesk 预警"))
            self.tray.messageClicked.connect(self.activated)
            self.tray.show()
        changes.changed.connect(self._on_changes)
        self.check()

    @Slot(object, object)
    def _on_changes(self, changes: Changes, _initiator: object | None) -> None:
        if changes.alerts:
            self.check()

    def check(self) -> None:
        """Look for alerts newer than the last seen (in the background)."""
        run_op(lambda: alerts_data.alert_list(self.db, open_only=True, limit=50),
               on_done=self._on_alerts, parent=self)

    def _on_alerts(self, rows: list[AlertView]) -> None:
        newest = max((a.id for a in rows), default=0)
        if self.last_id is None:
            self.last_id = newest
            return
        fresh = [a for a in rows if a.id > self.last_id]
        self.last_id = max(self.last_id, newest)
        if fresh:
            self.notify(fresh)

    def notify(self, fresh: list[AlertView]) -> None:
        """Show one desktop notice for these alerts (and beep if the setting allows)."""
        worst = max(fresh, key=lambda a: (int(a.level), a.fired_at))
        title = self.tr("{level}：{rule}").format(level=labels.warning_level(int(worst.level)),
                                                 rule=labels.rule(worst.rule_label, worst.kind))
        body = labels.single_line(worst.reason, 200)
        if len(fresh) > 1:
            body += self.tr("（另有 {n} 条新预警）").format(n=len(fresh) - 1)
        if self.tray is not None:
            icon = (QSystemTrayIcon.MessageIcon.Critical if worst.level >= WarningLevel.ORANGE
                    else QSystemTrayIcon.MessageIcon.Warning)
            self.tray.showMessage(title, body, icon, 15_000)
        if sound_enabled():
            QApplication.beep()
        self.announced.emit(f"{title} {body}", int(worst.level))


class AlertEvaluator(QObject):
    """Runs alerts.evaluate() on the writer thread every minute, so alerts fire without the CLI."""

    evaluated = Signal(int)  # how many alerts were raised

    def __init__(self, db: Database, parent: QObject | None = None,
                 interval_ms: int = EVALUATE_MS) -> None:
        super().__init__(parent)
        self.db = db
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run_now)

    def start(self) -> None:
        """Evaluate now and then every interval."""
        self.run_now()
        self.timer.start()

    def stop(self) -> None:
        """Stop evaluating (the window is closing)."""
        self.timer.stop()

    @Slot()
    def run_now(self, now: datetime | None = None) -> None:
        """Evaluate once, unless the previous run is still going."""
        if self._busy:
            return
        self._busy = True
        moment = now or datetime.now(UTC)

        def done(ids: list[int]) -> None:
            self._busy = False
            self.evaluated.emit(len(ids))

        def failed(exc: BaseException) -> None:
            self._busy = False
            import logging

            logging.getLogger(__name__).warning("alert evaluation failed: %s", exc)

        run_op(lambda: alerts_data.evaluate_now(self.db, moment), on_done=done, on_error=failed,
               parent=self, write=True)

"""The main window: a thin frame of menus, lazily built pane tabs and the status bar."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from crisisdesk import APP_NAME, APP_ORG, __version__
from crisisdesk.errors import UserFacingError
from crisisdesk.storage.locate import workspace_label
from crisisdesk.ui.alert_sound import set_sound_enabled
from crisisdesk.ui.alert_sound import sound_enabled as alert_sound_enabled
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.labels import QT_TRANSLATE_NOOP
from crisisdesk.ui.messages import show_message
from crisisdesk.ui.panes.base import Pane
from crisisdesk.ui.widgets.lazy_tabs import LazyTabWidget

# Start-up shows the window before SQLAlchemy is loaded (app.start_gui): everything that needs
# the database is imported when the workspace is attached, not by this module.
if TYPE_CHECKING:
    from crisisdesk.services.inbox_values import InboxRow
    from crisisdesk.storage.db import Database
    from crisisdesk.ui.alert_notifier import AlertEvaluator, AlertNotifier
    from crisisdesk.ui.panes.inbox_model import InboxModel
    from crisisdesk.ui.status import StatusBarController
    from crisisdesk.ui.sync_runner import SyncRunner

PANE_KEYS = ("inbox", "templates", "trends", "activities", "accounts")
OPEN_FALLBACK_MS = 1000  # open the workspace even if the window has not been painted by then
WORKSPACE_FILTER = QT_TRANSLATE_NOOP("MainWindow", "CrisisDesk 工作区 (*.sqlite3 *.sqlite *.db)")


def _make_inbox(db: Database, changes: ChangesBridge) -> Pane:
    from crisisdesk.ui.panes.inbox import InboxPane

    return InboxPane(db, changes)


def _make_templates(db: Database, changes: ChangesBridge) -> Pane:
    from crisisdesk.ui.panes.templates import TemplatesPane

    return TemplatesPane(db, changes)


def _make_trends(db: Database, changes: ChangesBridge) -> Pane:
    from crisisdesk.ui.panes.trends import TrendsPane  # pyqtgraph loads only with this pane

    return TrendsPane(db, changes)


def _make_activities(db: Database, changes: ChangesBridge) -> Pane:
    from crisisdesk.ui.panes.activities import ActivitiesPane

    return ActivitiesPane(db, changes)


_FACTORIES: dict[str, Callable[[Database, ChangesBridge], Pane]] = {
    "inbox": _make_inbox,
    "templates": _make_templates,
    "trends": _make_trends,
    "activities": _make_activities,
}


def settings() -> QSettings:
    """Where window geometry and state are kept."""
    return QSettings(APP_ORG, APP_NAME)


class MainWindow(QMainWindow):
    """Holds the open workspace; each pane is its own module, built when first shown."""

    # Top-level windows keep themselves alive until closed (a workspace switch opens a new one).
    _open: ClassVar[set[MainWindow]] = set()

    attached = Signal()  # the workspace is open and every pane can be built
    db: Database  # set by attach()

    def __init__(
        self,
        db: Database | None,
        parent: QWidget | None = None,
        *,
        remember_state: bool = True,
        url: str | None = None,
        first_rows: list[InboxRow] | None = None,
    ) -> None:
        """A window on db; or, with db None, on url while it opens, showing first_rows meanwhile."""
        super().__init__(parent)
        if db is None and (url is None or first_rows is None):
            raise ValueError("a window without a database needs its URL and first rows")
        self.url = db.url if db is not None else str(url)
        self._first_rows = first_rows
        self._pending_open: Callable[[], None] | None = None
        self._remember_state = remember_state
        self.changes = ChangesBridge(parent=self)
        self._runner: SyncRunner | None = None
        self._evaluator: AlertEvaluator | None = None
        self._notifier: AlertNotifier | None = None
        self.status: StatusBarController | None = None
        self.workspace = workspace_label(self.url)
        self.setWindowTitle(
            self.tr("CrisisDesk 政务新媒体互动与舆情应对工作台 — {name}").format(
                name=self.workspace
            )
        )
        self.tabs = LazyTabWidget(self)
        titles = {
            "inbox": self.tr("收件箱"),
            "templates": self.tr("回复模板"),
            "trends": self.tr("趋势与预警"),
            "activities": self.tr("活动策划"),
            "accounts": self.tr("账号管理"),
        }
        for key in PANE_KEYS:
            self.tabs.add_lazy_tab(key, titles[key], partial(self._build_pane, key))
        self.setCentralWidget(self.tabs)
        self._build_menus(titles)
        self._restore_state()
        MainWindow._open.add(self)
        if db is not None:
            self.attach(db)
        else:
            self._set_opening(True)
            self.statusBar().showMessage(self.tr("正在打开工作区……"))

    # --- the workspace ------------------------------------------------------------------------

    def is_attached(self) -> bool:
        """Whether the workspace is open (before that only the first inbox rows are shown)."""
        return hasattr(self, "db")

    def _set_opening(self, opening: bool) -> None:
        """While the workspace opens only the inbox preview is there: the rest waits for it."""
        for index, key in enumerate(PANE_KEYS):
            self.tabs.setTabEnabled(index, not opening or key == "inbox")
            self.pane_actions[key].setEnabled(not opening or key == "inbox")
        for action in self._needs_workspace:
            action.setEnabled(not opening)

    def attach(self, db: Database) -> None:
        """The workspace is open: build the status bar and the real panes."""
        from crisisdesk.ui.status import StatusBarController

        self.db = db
        self.statusBar().clearMessage()
        self.status = StatusBarController(self.statusBar(), db, self.changes, self.workspace)
        self._set_opening(False)
        if self.tabs.pane("inbox") is not None:
            self.tabs.rebuild("inbox")  # the preview makes way for the working pane
        self.attached.emit()

    def open_in_background(
        self,
        opener: Callable[[], Database],
        on_failed: Callable[[UserFacingError], None],
    ) -> None:
        """Open the workspace off the GUI thread, then attach it (or hand the failure over)."""
        from PySide6.QtCore import QTimer

        from crisisdesk.ui.ops import run_op

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, UserFacingError):
                raise exc
            on_failed(exc)

        def start() -> None:
            if self._pending_open is not None:
                self._pending_open = None
                run_op(opener, on_done=self.attach, on_error=failed, parent=self, write=True)

        # Started once the first rows are painted: an opening thread holds the interpreter
        # most of the time and would slow that paint several-fold. A window that is never
        # painted (minimised) opens the workspace after a short while all the same.
        self._pending_open = start
        QTimer.singleShot(OPEN_FALLBACK_MS, start)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.UpdateRequest and self._pending_open is not None:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self._pending_open)
        return handled

    def inbox_model(self) -> InboxModel | None:
        """The model of the inbox table on show (the preview's while the workspace opens)."""
        widget = self.tabs.pane("inbox")
        model = getattr(widget, "model", None)
        from crisisdesk.ui.panes.inbox_model import InboxModel

        return model if isinstance(model, InboxModel) else None

    # --- menus ------------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self, titles: dict[str, str]) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("文件(&F)"))
        self.file_menu.addAction(
            self._action(self.tr("新建工作区…"), self.new_workspace, QKeySequence.StandardKey.New)
        )
        self.file_menu.addAction(
            self._action(self.tr("打开工作区…"), self.open_workspace, QKeySequence.StandardKey.Open)
        )
        self.file_menu.addAction(
            self._action(self.tr("连接共享数据库（PostgreSQL）…"), self.open_database_url)
        )
        self.file_menu.addSeparator()
        import_action = self._action(self.tr("导入评论文件…"), self.import_comments, "Ctrl+I")
        self._needs_workspace = [import_action]
        self.file_menu.addAction(import_action)
        self.file_menu.addSeparator()
        quit_action = self._action(self.tr("退出"), self.close, QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.file_menu.addAction(quit_action)

        self.view_menu = bar.addMenu(self.tr("视图(&V)"))
        self.pane_actions: dict[str, QAction] = {}
        for number, key in enumerate(PANE_KEYS, start=1):
            action = self._action(titles[key], partial(self.tabs.show_pane, key), f"Ctrl+{number}")
            self.pane_actions[key] = action
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        self.full_screen_action = self._action(
            self.tr("全屏"), self.toggle_full_screen, QKeySequence.StandardKey.FullScreen
        )
        self.full_screen_action.setCheckable(True)
        self.view_menu.addAction(self.full_screen_action)
        self.view_menu.addSeparator()
        self.sound_action = self._action(self.tr("预警提示音"), self.toggle_alert_sound)
        self.sound_action.setCheckable(True)
        self.sound_action.setChecked(alert_sound_enabled())
        self.view_menu.addAction(self.sound_action)

        self.help_menu = bar.addMenu(self.tr("帮助(&H)"))
        about = self._action(self.tr("关于 CrisisDesk"), self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        self.help_menu.addAction(about)

    def _build_pane(self, key: str) -> QWidget:
        if not self.is_attached():
            from crisisdesk.ui.panes.inbox_preview import InboxPreview

            assert key == "inbox" and self._first_rows is not None  # other tabs wait, disabled
            return InboxPreview(self._first_rows)
        if key == "inbox" and self._first_rows is not None:
            from crisisdesk.ui.panes.inbox import InboxPane

            # The rows already on screen stay until the pane's own first page replaces them.
            rows, self._first_rows = self._first_rows, None
            return InboxPane(self.db, self.changes, first_rows=rows)
        if key == "accounts":
            from crisisdesk.ui.panes.accounts import AccountsPane

            return AccountsPane(self.db, self.sync_runner())
        pane = _FACTORIES[key](self.db, self.changes)
        if key == "trends":
            # A click on a bar or a hot word opens the inbox on those comments.
            pane.open_inbox_filter.connect(self.open_inbox_filter)  # type: ignore[attr-defined]
        return pane

    @Slot(dict)
    def open_inbox_filter(self, data: dict[str, object]) -> None:
        """Show the inbox filtered as the trends pane asks."""
        from crisisdesk.services.inbox_filters import InboxFilter
        from crisisdesk.ui.panes.inbox import InboxPane

        inbox = self.show_pane("inbox")
        if isinstance(inbox, InboxPane):
            inbox.show_filter(InboxFilter.from_dict(data), self.tr("来自趋势图"))

    # --- sync -------------------------------------------------------------------------------

    def sync_runner(self) -> SyncRunner:
        """The background sync of this workspace (created on first use: start-up stays light)."""
        if self._runner is None:
            from crisisdesk.ui.sync_runner import SyncRunner

            self._runner = SyncRunner(
                self.db, changes=self.changes, analysis_process=True, parent=self
            )
        return self._runner

    @Slot()
    def start_sync(self) -> None:
        """Start the background work of a live console: sync, alert evaluation, notices."""
        self.sync_runner().start()
        from crisisdesk.ui.alert_notifier import AlertEvaluator, AlertNotifier

        self._notifier = AlertNotifier(self.db, self.changes, parent=self)
        self._notifier.announced.connect(
            lambda text, _level: self.statusBar().showMessage(text, 15_000)
        )
        self._notifier.activated.connect(lambda: self.show_pane("trends"))
        self._evaluator = AlertEvaluator(self.db, parent=self)
        self._evaluator.start()

    @Slot()
    def import_comments(self) -> None:
        """Import a comment spreadsheet exported from a platform's dashboard."""
        from crisisdesk.ui.dialogs.import_dialog import ImportDialog

        ImportDialog(self.db, actor=self.sync_runner().actor, parent=self).exec()

    def show_pane(self, key: str) -> Pane:
        """Switch to a pane (building it on first use) and return it."""
        pane = self.tabs.show_pane(key)
        assert isinstance(pane, Pane)
        return pane

    def pane(self, key: str) -> Pane | None:
        """A pane if it has been built, else None."""
        pane = self.tabs.pane(key)
        return pane if isinstance(pane, Pane) else None

    @Slot()
    def toggle_full_screen(self) -> None:
        """Enter or leave full screen."""
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.full_screen_action.setChecked(self.isFullScreen())

    @Slot()
    def toggle_alert_sound(self) -> None:
        """Turn the sound that comes with a new alert on or off (kept in QSettings)."""
        set_sound_enabled(self.sound_action.isChecked())

    @Slot()
    def show_about(self) -> None:
        """The about box."""
        show_message(
            self,
            self.tr(
                "CrisisDesk {version}\n政务新媒体互动与舆情应对工作台\n\n"
                "评论收件箱、回复模板、趋势预警与活动策划；数据保存在本单位的数据库中。"
            ).format(version=__version__),
            title=self.tr("关于 CrisisDesk"),
            icon=QMessageBox.Icon.Information,
        )

    # --- workspaces -------------------------------------------------------------------------

    @Slot()
    def new_workspace(self) -> None:
        """Ask for a new .sqlite3 file and reopen the window on it."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("新建工作区"),
            str(Path.home() / "workspace.sqlite3"),
            QCoreApplication.translate("MainWindow", WORKSPACE_FILTER),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            from crisisdesk.ui.workspace import new_sqlite_workspace

            target = Path(path) if Path(path).suffix else Path(path).with_suffix(".sqlite3")
            self._switch(lambda: new_sqlite_workspace(target))

    @Slot()
    def open_workspace(self) -> None:
        """Ask for an existing workspace file and reopen the window on it."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("打开工作区"),
            str(Path.home()),
            QCoreApplication.translate("MainWindow", WORKSPACE_FILTER),
        )
        if path:
            from crisisdesk.ui.workspace import open_existing_sqlite

            self._switch(lambda: open_existing_sqlite(Path(path)))

    @Slot()
    def open_database_url(self) -> None:
        """Ask for a PostgreSQL URL and reopen the window on it."""
        url, ok = QInputDialog.getText(
            self,
            self.tr("连接共享数据库"),
            self.tr("数据库地址（例如 postgresql+psycopg://用户@主机/数据库）："),
            QLineEdit.EchoMode.Normal,
        )
        if ok and url.strip():
            from crisisdesk.ui.workspace import open_existing_workspace

            self._switch(lambda: open_existing_workspace(url.strip()))

    def _switch(self, opener: Callable[[], Database]) -> None:
        """Open another workspace; on failure say why and keep this one open."""
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            db = opener()
        except UserFacingError as exc:
            show_message(self, str(exc), title=self.tr("无法打开工作区"))
            return
        finally:
            self.unsetCursor()
        self.open_replacement(db)

    def open_replacement(self, db: Database) -> MainWindow:
        """Show a new window on db where this one was, then close this one."""
        self._save_state()
        window = MainWindow(db)
        window.show()
        self.close()
        return window

    # --- state ------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        if not self._remember_state:
            self.resize(1400, 900)
            return
        store = settings()
        geometry = store.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        state = store.value("main/state")
        if state is not None:
            self.restoreState(state)

    def _save_state(self) -> None:
        if not self._remember_state:
            return
        store = settings()
        store.setValue("main/geometry", self.saveGeometry())
        store.setValue("main/state", self.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_state()
        if self._evaluator is not None:
            self._evaluator.stop()
        if self._runner is not None:
            self._runner.stop()
        self.changes.close()
        MainWindow._open.discard(self)
        if self.is_attached():
            self.db.dispose()
        super().closeEvent(event)

"""The GUI entry point: open the workspace, then show the main window (or say clearly why not)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from crisisdesk.errors import UserFacingError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from crisisdesk.storage.db import Database
    from crisisdesk.ui.main_window import MainWindow


def run_gui(db_url: str | None, demo: bool) -> int:
    """Run the desktop application; returns the process exit code."""
    started = start_gui(db_url, demo)
    if isinstance(started, int):
        return started
    app, window = started
    from PySide6.QtCore import QTimer

    # After the first paint and once the workspace is open: the window is usable before the
    # connectors are even imported.
    if window.is_attached():
        QTimer.singleShot(0, window.start_sync)
    else:
        window.attached.connect(lambda: QTimer.singleShot(0, window.start_sync))
    return int(app.exec())


def start_gui(db_url: str | None, demo: bool) -> tuple[QApplication, MainWindow] | int:
    """Everything up to a shown main window (the start-up benchmark stops here too).

    Returns the application and the window, or the exit code after reporting a bad start.
    """
    from crisisdesk.settings import load_settings
    from crisisdesk.ui.application import create_application, resolve_language

    try:
        settings = load_settings()
    except UserFacingError as exc:
        # The language setting is unreadable too: report in Chinese, the default.
        return _fail(exc, create_application(language=resolve_language(None)))
    app = create_application(language=resolve_language(settings.language))
    from crisisdesk.services.inbox_first import first_rows
    from crisisdesk.storage.locate import resolve_url
    from crisisdesk.ui.main_window import MainWindow

    url = resolve_url(db_url, demo=demo, settings_url=settings.database_url)
    rows = first_rows(url)
    if rows is not None:
        # A current SQLite workspace: its newest comments are on screen at once, read without
        # SQLAlchemy; the workspace opens properly in the background, then the panes work.
        window = MainWindow(None, url=url, first_rows=rows)
        window.show()
        window.open_in_background(
            lambda: _open_and_preload(url, demo=demo),
            on_failed=lambda exc: _fail_after_show(exc, app, window),
        )
        return app, window
    try:
        db = open_gui_workspace(url, demo=demo, settings_url=None, app=app)
    except UserFacingError as exc:
        return _fail(exc, app)
    window = MainWindow(db)
    window.show()
    return app, window


# Services the panes and the status bar import as the workspace is attached: loaded on the
# opening thread with the workspace, so the GUI thread does not stop to load them.
_PRELOAD = (
    "crisisdesk.services.views",
    "crisisdesk.services.incidents",  # with the alert engine (numpy)
    "crisisdesk.services.inbox",
    "crisisdesk.services.inbox_detail",
    "crisisdesk.services.presence",
    "crisisdesk.services.replies",
    "crisisdesk.services.templates",
    "crisisdesk.services.template_preview",
    "crisisdesk.services.triage",
)


def _open_and_preload(url: str, *, demo: bool) -> Database:
    """Open the workspace off the GUI thread, and load the services the window will need."""
    import importlib

    db = open_gui_workspace(url, demo=demo, settings_url=None, app=None)
    for name in _PRELOAD:
        importlib.import_module(name)  # no Qt among them: safe on any thread
    return db


def open_gui_workspace(
    db_url: str | None, *, demo: bool, settings_url: str | None, app: QApplication | None
) -> Database:
    """Open the workspace the GUI would open (building the demo on first use).

    app None: called off the GUI thread for a workspace whose first rows are already shown;
    a demo is never still to be built then, and should it be, that is said rather than done.
    """
    from crisisdesk.services.workspace import open_workspace
    from crisisdesk.storage.locate import resolve_url

    url = resolve_url(db_url, demo=demo, settings_url=settings_url)
    db = open_workspace(url)
    if demo:
        from crisisdesk.services.demo import demo_exists

        if not demo_exists(db):
            db.dispose()
            if app is None:
                from PySide6.QtCore import QCoreApplication

                raise UserFacingError(
                    QCoreApplication.translate("app", "演示工作区不完整。"),
                    hint=QCoreApplication.translate(
                        "app", "请删除演示工作区文件后重新运行 make run。"
                    ),
                )
            _build_demo(url, app)
            db = open_workspace(url)
    return db


def _build_demo(url: str, app: QApplication) -> None:
    """Build the demo workspace on first use, with a progress dialog."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QProgressDialog

    from crisisdesk.services.demo import build_demo

    dialog = QProgressDialog(
        QCoreApplication.translate("app", "正在生成演示工作区，请稍候……"), "", 0, 100
    )
    dialog.setCancelButton(None)  # a half-built demo would be refused next time: let it finish
    dialog.setWindowTitle("CrisisDesk")
    dialog.setMinimumDuration(0)
    dialog.show()

    def progress(done: int, total: int) -> None:
        dialog.setValue(int(100 * done / max(total, 1)))
        app.processEvents()

    try:
        build_demo(url, progress=progress)
    finally:
        dialog.close()


def _fail_after_show(exc: UserFacingError, app: QApplication, window: MainWindow) -> None:
    """The workspace shown at start-up could not be opened: say why, close, exit non-zero."""
    window.hide()
    code = _fail(exc, app)
    window.close()
    app.exit(code)


def _fail(exc: UserFacingError, app: QApplication) -> int:
    """Say what went wrong on stderr (and in a message box when there is a display)."""
    from crisisdesk.ui.application import has_display
    from crisisdesk.ui.messages import show_message

    print(f"crisisdesk: {exc}", file=sys.stderr)
    if has_display():
        show_message(None, str(exc), title="CrisisDesk")
    return exc.exit_code

"""Chinese by default; the shipped English catalogue switches the interface."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crisisdesk.storage.db import Database
from crisisdesk.ui.application import I18N_DIR, install_translators, resolve_language
from crisisdesk.ui.main_window import MainWindow


def test_chinese_is_the_default(qtbot: QtBot, workspace: Database) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    assert window.file_menu.title() == "文件(&F)"
    assert window.tabs.tabText(0) == "收件箱"


def test_english_catalogue_switches_menus_and_tabs(qtbot: QtBot, workspace: Database) -> None:
    assert (I18N_DIR / "crisisdesk_en.qm").is_file()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translators(app, "en_US")
    try:
        window = MainWindow(workspace)
        qtbot.addWidget(window)
        assert window.file_menu.title() == "&File"
        assert window.view_menu.title() == "&View"
        assert window.tabs.tabText(0) == "Inbox"
        assert window.tabs.tabText(2) == "Trends and Warnings"
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def test_language_from_environment_overrides_settings(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CRISISDESK_LANG", "en_US")
    assert resolve_language("zh_CN") == "en_US"
    monkeypatch.delenv("CRISISDESK_LANG")
    assert resolve_language("en_GB") == "en_GB"
    assert resolve_language(None) == "zh_CN"

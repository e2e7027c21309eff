"""The QApplication: identity, CJK fonts and the interface language (Chinese first, English available)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from crisisdesk import APP_NAME, APP_ORG, __version__
from crisisdesk.paths import RESOURCES

LANG_ENV = "CRISISDESK_LANG"
I18N_DIR = RESOURCES / "i18n"
APP_ICON = RESOURCES / "icons" / "crisisdesk.svg"
# Tried in order; fontconfig (Linux) or the OS picks the first one installed.
FONT_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC")


def resolve_language(settings_language: str | None) -> str:
    """CRISISDESK_LANG first, then the settings file, then Chinese."""
    return os.environ.get(LANG_ENV) or settings_language or "zh_CN"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load our catalogue for `language` (none needed for Chinese) and Qt's own dialogs' texts."""
    translators: list[QTranslator] = []
    ours = QTranslator(app)
    if not language.startswith("zh") and ours.load(
        f"crisisdesk_{language.split('_')[0]}", str(I18N_DIR)
    ):
        translators.append(ours)
    qt_own = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(QLocale(language), "qtbase", "_", qt_dir):
        translators.append(qt_own)
    for translator in translators:
        app.installTranslator(translator)
    return translators


def create_application(
    argv: Sequence[str] | None = None, *, language: str = "zh_CN"
) -> QApplication:
    """The one QApplication, with fonts and translations set up (reused if it exists)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName(APP_ORG)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication(list(argv if argv is not None else sys.argv[:1]))
    font = QFont(app.font())
    font.setFamilies([*FONT_FAMILIES, font.family()])
    app.setFont(font)
    app.setWindowIcon(QIcon(str(APP_ICON)))
    install_translators(app, language)
    return app


def has_display() -> bool:
    """Whether a message box could be shown (a real display, not the offscreen platform)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal")):
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True

"""Message boxes that always show their text as plain text (error texts may quote user input)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

# Platforms with nobody to click "OK": a modal box would wait for ever (screenshots, tests).
_HEADLESS_PLATFORMS = ("offscreen", "minimal")


def show_message(
    parent: QWidget | None,
    text: str,
    *,
    title: str | None = None,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> None:
    """Show a modal message box whose text is never interpreted as rich text."""
    title = title or QCoreApplication.translate("messages", "CrisisDesk")
    if QGuiApplication.platformName() in _HEADLESS_PLATFORMS:
        print(f"{title}: {text}", file=sys.stderr)
        return
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.exec()

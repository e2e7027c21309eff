"""The user's choice of a sound with new alerts (QSettings; light enough to read at start-up)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

SOUND_KEY = "alerts/sound"


def sound_enabled() -> bool:
    """Whether a new alert beeps (a user setting, on unless turned off)."""
    value = QSettings().value(SOUND_KEY, True)
    return value not in (False, "false", "0", 0)


def set_sound_enabled(on: bool) -> None:
    """Turn the alert beep on or off."""
    QSettings().setValue(SOUND_KEY, bool(on))

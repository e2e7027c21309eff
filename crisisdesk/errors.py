"""Errors that carry a message meant for the person at the keyboard."""

from __future__ import annotations


class UserFacingError(Exception):
    """An error whose text says what went wrong and what to do; shown as is."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  {self.hint}" if self.hint else self.message


class DatabaseOpenError(UserFacingError):
    """The database URL cannot be opened."""


class DatabaseTooNewError(UserFacingError):
    """The database was written by a newer CrisisDesk."""


class SettingsError(UserFacingError):
    """The settings file cannot be read."""


class DataDirError(UserFacingError):
    """The data directory cannot be written."""


class InputFileError(UserFacingError):
    """A file given on the command line cannot be read."""

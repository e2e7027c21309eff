"""What the account dialogs share: error wording, a result line, and password fields."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from crisisdesk.connectors.base import AccountCheck
from crisisdesk.errors import UserFacingError
from crisisdesk.ui import labels

OK_COLOUR = "#1e6b2e"
WARN_COLOUR = "#9a5b00"
ERROR_COLOUR = "#b3261e"



def error_text(exc: BaseException) -> str:
    """A user-facing error as written (message, then its hint); anything else named briefly."""
    if isinstance(exc, UserFacingError):
        return f"{exc.message}\n{exc.hint}" if exc.hint else exc.message
    return QCoreApplication.translate("dialogs", "操作未能完成：{error}\n详细信息已记入日志。").format(error=type(exc).__name__)


def check_text(check: AccountCheck) -> str:
    """A connection test's result in a few plain lines."""
    lines = [
        (QCoreApplication.translate("dialogs", "连接正常：{message}") if check.ok else QCoreApplication.translate("dialogs", "连接未通过：{message}")).format(
            message=check.message
        )
    ]
    if check.identity:
        lines.append(QCoreApplication.translate("dialogs", "账号身份：{identity}").format(identity=check.identity))
    if check.token_expires_at is not None:
        lines.append(QCoreApplication.translate("dialogs", "授权到期：{when}").format(when=local_time(check.token_expires_at)))
    if check.refresh_expires_at is not None:
        lines.append(QCoreApplication.translate("dialogs", "刷新令牌到期：{when}").format(when=local_time(check.refresh_expires_at)))
    if check.rate_limit_remaining is not None:
        lines.append(QCoreApplication.translate("dialogs", "本时段剩余调用次数：{n}").format(n=check.rate_limit_remaining))
    return "\n".join(lines)


def local_time(moment: datetime) -> str:
    """A stored time in the local zone (naive values from SQLite are UTC)."""
    from datetime import UTC

    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return labels.when(aware)


def secret_field(hint: str = "") -> QLineEdit:
    """A line edit that never shows what is typed; `hint` is the grey text shown while empty."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(hint)
    return field


class ResultLabel(QLabel):
    """A plain-text line under a form that shows success, a warning or an error."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = ""
        self.hide()

    def show_ok(self, text: str) -> None:
        """Show a success message."""
        self._show(text, OK_COLOUR, "ok")

    def show_warning(self, text: str) -> None:
        """Show something the user should notice but that is not an error."""
        self._show(text, WARN_COLOUR, "warning")

    def show_error(self, exc_or_text: BaseException | str) -> None:
        """Show an error (an exception is worded with error_text)."""
        text = exc_or_text if isinstance(exc_or_text, str) else error_text(exc_or_text)
        self._show(text, ERROR_COLOUR, "error")

    def show_busy(self, text: str) -> None:
        """Show that something is under way."""
        self._show(text, "palette(text)", "busy")

    def clear_result(self) -> None:
        """Hide the line."""
        self.kind = ""
        self.clear()
        self.hide()

    def _show(self, text: str, colour: str, kind: str) -> None:
        self.kind = kind
        self.setText(text)
        self.setStyleSheet(f"QLabel {{ color: {colour}; }}")
        self.show()

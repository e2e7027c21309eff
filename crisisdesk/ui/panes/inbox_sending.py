"""Sending a reply in the background with its state in view: 发送中, 已发送, 发送失败 (reason), 重试."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from crisisdesk.domain import ReplyState
from crisisdesk.errors import UserFacingError
from crisisdesk.services.replies import ReplyConflict, ReplyView
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.ops import report_error, run_op
from crisisdesk.ui.panes import inbox_reply_ops
from crisisdesk.ui.panes.inbox_queries import Me

_COLORS = {"busy": "#1d4ed8", "ok": "#15803d", "bad": "#c81e1e"}


def _text(exc: UserFacingError) -> str:
    return f"{exc.message}{exc.hint}" if exc.hint else exc.message


class SendStatus(QWidget):
    """One reply's sending state, with a retry button after a failure."""

    finished = Signal(object)  # the ReplyView after the attempt, or None when refused

    def __init__(
        self, db: Database, me: Callable[[], Me | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self._me = me
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # platform errors may quote user text
        self.label.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("重试"))
        self.retry_button.hide()
        self.retry_button.clicked.connect(self.retry)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button)
        self.reply_id: int | None = None
        self.state = ""
        self.hide()

    def _show(self, text: str, kind: str, *, retry: bool = False) -> None:
        self.label.setText(text)
        self.label.setStyleSheet(f"color: {_COLORS[kind]};")
        self.retry_button.setVisible(retry)
        self.show()

    def clear(self) -> None:
        """Forget the reply (another comment was chosen)."""
        self.reply_id, self.state = None, ""
        self.hide()

    def track(self, view: ReplyView | None) -> None:
        """Show where an existing reply stands (e.g. a failed one waiting for a retry)."""
        if view is None:
            self.clear()
            return
        self.reply_id = view.id
        if view.state is ReplyState.SENT:
            self.state = "sent"
            self._show(self.tr("已发送（{at}）").format(at=labels.when(view.sent_at)), "ok")
        elif view.state is ReplyState.FAILED:
            self.state = "failed"
            self._show(
                self.tr("发送失败：{reason}").format(reason=view.last_error or self.tr("原因不明")),
                "bad",
                retry=True,
            )
        elif view.state is ReplyState.SENDING:
            self.state = "sending"
            self._show(self.tr("发送中……"), "busy")
        else:
            self.clear()

    def start(self, reply_id: int) -> None:
        """Send an approved reply through the platform, in the background."""
        me = self._me()
        if me is None:
            return
        from crisisdesk.ui.connectors import shared_pool

        self.reply_id, self.state = reply_id, "sending"
        self._show(self.tr("发送中……"), "busy")
        factory = shared_pool()
        db = self.db
        run_op(
            lambda: inbox_reply_ops.send(db, me, reply_id, factory),
            on_done=self._on_sent,
            on_error=self._on_error,
            parent=self,
        )

    @Slot()
    def retry(self) -> None:
        """Try the failed reply again (the service first asks the platform if it arrived)."""
        if self.reply_id is not None:
            self.start(self.reply_id)

    def _on_sent(self, view: ReplyView) -> None:
        self.track(view)
        self.finished.emit(view)

    def _on_error(self, exc: BaseException) -> None:
        if isinstance(exc, ReplyConflict):
            self.state = "refused"
            self._show(self.tr("未发送：{reason}").format(reason=_text(exc)), "bad")
        elif isinstance(exc, UserFacingError):
            self.state = "failed"
            self._show(self.tr("发送失败：{reason}").format(reason=_text(exc)), "bad", retry=True)
        else:
            self.state = "failed"
            self._show(self.tr("发送失败，详情已记入日志。"), "bad", retry=True)
            report_error(exc, parent=self)
        self.finished.emit(None)

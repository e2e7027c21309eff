"""The reply awaiting a step on the selected comment: a reviewer approves, edits or returns it
with a note; an approved one is sent; a failed one is retried. The state stays in view."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.domain import ReplyState
from crisisdesk.errors import UserFacingError
from crisisdesk.services.replies import ReplyView
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.ops import report_error, run_op
from crisisdesk.ui.panes import inbox_reply_ops
from crisisdesk.ui.panes.inbox_queries import Me
from crisisdesk.ui.panes.inbox_sending import SendStatus

_SHOWN = (
    ReplyState.PENDING_REVIEW,
    ReplyState.APPROVED,
    ReplyState.FAILED,
    ReplyState.SENDING,
    ReplyState.SENT,
    ReplyState.REJECTED,
)


class ReplyActionsBox(QWidget):
    """Shows the newest reply that needs a step, and the buttons for that step."""

    reviewed = Signal(object)  # ReplyView after approval or return

    def __init__(
        self, db: Database, me: Callable[[], Me | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self._me = me
        self.reply: ReplyView | None = None
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setStyleSheet("font-weight: bold;")
        self.text = QPlainTextEdit()
        self.text.setMaximumHeight(90)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("审核意见（退回时必填，撰写人可见）"))
        self.approve_button = QPushButton(self.tr("批准"))
        self.approve_send_button = QPushButton(self.tr("批准并发送"))
        self.reject_button = QPushButton(self.tr("退回修改"))
        self.send_button = QPushButton(self.tr("发送"))
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.sending = SendStatus(db, me)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        for b in (
            self.approve_button,
            self.approve_send_button,
            self.reject_button,
            self.send_button,
        ):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.sending)
        self.approve_button.clicked.connect(lambda: self.decide(approve=True, send=False))
        self.approve_send_button.clicked.connect(lambda: self.decide(approve=True, send=True))
        self.reject_button.clicked.connect(lambda: self.decide(approve=False))
        self.send_button.clicked.connect(self.send)
        self.hide()

    def show_replies(self, replies: list[ReplyView]) -> None:
        """Show the newest reply if it needs a step or has been sent (or hide)."""
        if self.sending.state == "sending" and self.reply is not None:
            return  # a send of ours is under way; its outcome will refresh this box
        newest = replies[-1] if replies else None
        self.reply = newest if newest is not None and newest.state in _SHOWN else None
        self.message.clear()
        self.message.setStyleSheet("")
        if self.reply is None:
            self.sending.clear()
            self.hide()
            return
        me = self._me()
        reply = self.reply
        pending = reply.state is ReplyState.PENDING_REVIEW
        reviewer = me is not None and me.reviewer
        self.heading.setText(
            self.tr("待审核的回复 #{id}").format(id=reply.id)
            if pending
            else self.tr("回复 #{id}：{state}").format(
                id=reply.id, state=labels.reply_state(reply.state.value)
            )
        )
        self.text.setPlainText(reply.text)
        self.text.setReadOnly(not (pending and reviewer))
        self.note.setVisible(pending and reviewer)
        self.note.clear()
        for b in (self.approve_button, self.approve_send_button, self.reject_button):
            b.setVisible(pending and reviewer)
        self.send_button.setVisible(reply.state is ReplyState.APPROVED)
        if pending and not reviewer:
            self.message.setText(self.tr("等待审核人处理。"))
        elif reply.state is ReplyState.REJECTED:
            self.message.setText(
                self.tr("已退回撰写人修改。审核意见：{note}").format(note=reply.review_note)
            )
        self.sending.track(
            reply
            if reply.state in (ReplyState.FAILED, ReplyState.SENDING, ReplyState.SENT)
            else None
        )
        self.show()

    def decide(self, *, approve: bool, send: bool = False) -> None:
        """Approve (optionally with the edited text, optionally sending) or return with a note."""
        me, reply = self._me(), self.reply
        if me is None or reply is None:
            return
        note, text, db = self.note.text().strip(), self.text.toPlainText(), self.db

        def done(view: ReplyView) -> None:
            self.reply = view
            if approve:
                self.message.setText(self.tr("已批准。"))
            else:
                self.message.setText(self.tr("已退回撰写人：{note}").format(note=note))
            if approve and send:
                self.sending.start(view.id)
            self.reviewed.emit(view)

        run_op(
            lambda: inbox_reply_ops.review(
                db, me, reply, approve=approve, note=note, text=text if approve else None
            ),
            on_done=done,
            on_error=self._on_error,
            parent=self,
            write=True,
        )

    @Slot()
    def send(self) -> None:
        """Send the approved reply."""
        if self.reply is not None:
            self.sending.start(self.reply.id)

    def _on_error(self, exc: BaseException) -> None:
        if isinstance(exc, UserFacingError):
            self.message.setText(str(exc))
            self.message.setStyleSheet("color: #c81e1e;")
        else:
            report_error(exc, parent=self)

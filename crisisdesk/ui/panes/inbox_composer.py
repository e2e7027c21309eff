"""The reply composer: templates (searched or suggested with reasons), their variables filled from
the comment and account with a live preview, the platform's limit counted as one types, a
watch-word check, then submit for review or send directly as the office's rule allows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.domain import Platform, ReplyState
from crisisdesk.errors import UserFacingError
from crisisdesk.services.inbox import InboxRow
from crisisdesk.services.replies import ReplyView
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.ops import report_error, run_op
from crisisdesk.ui.panes import inbox_reply_ops
from crisisdesk.ui.panes.inbox_queries import Me, watch_checker
from crisisdesk.ui.panes.inbox_sending import SendStatus

if TYPE_CHECKING:
    from crisisdesk.domain import WatchHit
    from crisisdesk.services.template_preview import Preview
    from crisisdesk.services.templates import TemplateInfo
    from crisisdesk.templating.suggest import Suggestion

# The template and analysis modules load inside the background ops that use them, so that
# opening the inbox does not wait for them.
SEARCH_DELAY_MS = 200
_ROLE_ID = Qt.ItemDataRole.UserRole


@dataclass(frozen=True, slots=True)
class _Inserted:
    names: list[str]
    context: dict[str, str]


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class ReplyComposer(QWidget):
    """Writes one reply to one comment."""

    closed = Signal()
    submitted = Signal(object)  # ReplyView in the review queue
    drafting = Signal(bool)  # opened / closed, for presence

    def __init__(
        self, db: Database, me: Callable[[], Me | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self._me = me
        self.row: InboxRow | None = None
        self.reply_id: int | None = None  # the operator's own returned or failed reply, reused
        self.template_ids: list[int] = []
        self.version_ids: tuple[int, ...] = ()
        self.fields: dict[str, QLineEdit] = {}
        self._context: dict[str, str] = {}
        self._checker: Callable[[str], list[WatchHit]] | None = None
        self._preview_problems: list[str] = []
        self._build()

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = _plain(QLabel())
        self.title.setStyleSheet("font-weight: bold;")
        self.note = _plain(QLabel())
        self.note.setStyleSheet("color: #b45309;")
        self.note.hide()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("按名称或字词查找模板"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.suggestions = QListWidget()
        self.suggestions.setWordWrap(True)
        self.insert_button = QPushButton(self.tr("插入模板"))
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(_plain(QLabel(self.tr("推荐模板（按与本条评论的契合度）"))))
        lv.addWidget(self.suggestions, 3)
        lv.addWidget(self.search)
        lv.addWidget(self.results, 2)
        lv.addWidget(self.insert_button)
        self.variables = QFormLayout()
        self.variables.setContentsMargins(0, 0, 0, 0)
        self.variables_box = QWidget()
        self.variables_box.setLayout(self.variables)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(self.tr("在此撰写回复，或从左侧插入模板。"))
        self.counter = QLabel()
        self.counter.setTextFormat(Qt.TextFormat.PlainText)
        self.checks = _plain(QLabel())
        self.confirm = QCheckBox(self.tr("已核对上述关注词，确认措辞妥当"))
        self.confirm.hide()
        self.submit_button = QPushButton(self.tr("提交审核"))
        self.send_button = QPushButton(self.tr("直接发送"))
        self.close_button = QPushButton(self.tr("关闭"))
        self.status = _plain(QLabel())
        self.sending = SendStatus(self.db, self._me)
        buttons = QHBoxLayout()
        buttons.addWidget(self.counter, 1)
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.variables_box)
        rv.addWidget(self.editor, 1)
        rv.addWidget(self.checks)
        rv.addWidget(self.confirm)
        rv.addLayout(buttons)
        rv.addWidget(self.status)
        rv.addWidget(self.sending)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(split, 1)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.find_templates)
        self.search.textEdited.connect(lambda _t: self._search_timer.start())
        self.results.itemDoubleClicked.connect(self._insert_item)
        self.suggestions.itemDoubleClicked.connect(self._insert_item)
        self.insert_button.clicked.connect(self._insert_current)
        self.editor.textChanged.connect(self._check)
        self.confirm.toggled.connect(lambda _on: self._check())
        self.submit_button.clicked.connect(self.submit)
        self.send_button.clicked.connect(self.send_directly)
        self.close_button.clicked.connect(self.close_composer)
        self.sending.finished.connect(lambda _v: self._check())

    # --- opening ------------------------------------------------------------------------------

    def open_for(self, row: InboxRow, replies: list[ReplyView]) -> None:
        """Start a reply to this comment (an own returned or failed reply is taken up again)."""
        me = self._me()
        self.row = row
        self.reply_id = None
        self.template_ids, self.version_ids, self._context = [], (), {}
        self._clear_fields()
        self.editor.clear()
        self.status.clear()
        self.sending.clear()
        self.note.hide()
        self.title.setText(
            self.tr("回复 {author}（{platform}）").format(
                author=labels.single_line(row.author_name, 40),
                platform=labels.platform(row.platform),
            )
        )
        mine = [r for r in replies if me is not None and r.author_id == me.id]
        again = next(
            (
                r
                for r in reversed(mine)
                if r.state in (ReplyState.REJECTED, ReplyState.DRAFT, ReplyState.FAILED)
            ),
            None,
        )
        if again is not None:
            self.reply_id = again.id
            self.editor.setPlainText(again.text)
            if again.state is ReplyState.REJECTED:
                self.note.setText(
                    self.tr("审核人退回了您的回复：{note}。修改后可再次提交。").format(
                        note=again.review_note
                    )
                )
                self.note.show()
            elif again.state is ReplyState.FAILED:
                self.sending.track(again)
        may_send = me is not None and me.may_send_directly
        self.send_button.setVisible(may_send)
        self.submit_button.setToolTip(self.tr("提交给审核人，审核通过后发送。"))
        self.show()
        self.editor.setFocus()
        self.drafting.emit(True)
        self._load_suggestions(row.id)
        self.find_templates()
        if self._checker is None:
            run_op(lambda: watch_checker(self.db), on_done=self._on_checker, parent=self)
        self._check()

    def _on_checker(self, checker: Callable[[str], list[WatchHit]]) -> None:
        self._checker = checker
        self._check()

    @Slot()
    def close_composer(self) -> None:
        """Hide the composer (a draft not submitted is dropped)."""
        self.hide()
        self.row = None
        self.drafting.emit(False)
        self.closed.emit()

    # --- templates ----------------------------------------------------------------------------

    def _viewer(self) -> int | None:
        me = self._me()
        return me.id if me is not None else None

    def _load_suggestions(self, comment_id: int) -> None:
        db, viewer = self.db, self._viewer()

        def work() -> list[Suggestion]:
            from crisisdesk.services.template_suggest import suggest_for_comment

            with db.session() as session:
                return suggest_for_comment(session, comment_id, top=5, viewer_id=viewer)

        run_op(work, on_done=self._on_suggestions, on_error=self._on_template_error, parent=self)

    def _on_suggestions(self, found: list[Suggestion]) -> None:
        self.suggestions.clear()
        for s in found:
            reasons = labels.clauses(s.reasons) or self.tr("（无具体理由）")
            item = QListWidgetItem(
                f"{s.name} · {labels.template_category(s.category)}\n  "
                + self.tr("理由：{reasons}").format(reasons=reasons)
            )
            item.setData(_ROLE_ID, s.template_id)
            item.setToolTip(labels.plain_tooltip(reasons))
            self.suggestions.addItem(item)
        if not found:
            self.suggestions.addItem(self.tr("暂无推荐，请在下方按名称查找。"))

    @Slot()
    def find_templates(self) -> None:
        """List the templates matching the search words (name, text or tags)."""
        db, viewer, query = self.db, self._viewer(), self.search.text().strip()

        def work() -> list[TemplateInfo]:
            from crisisdesk.services.templates import list_templates

            with db.session() as session:
                return list_templates(session, query=query, viewer_id=viewer, limit=50)

        run_op(work, on_done=self._on_templates, on_error=self._on_template_error, parent=self)

    def _on_templates(self, found: list[TemplateInfo]) -> None:
        self.results.clear()
        for t in found:
            item = QListWidgetItem(f"{t.name} · {labels.template_category(t.category.value)}")
            item.setData(_ROLE_ID, t.id)
            item.setToolTip(labels.plain_tooltip(t.latest.body))
            self.results.addItem(item)

    def _on_template_error(self, exc: BaseException) -> None:
        if isinstance(exc, UserFacingError):
            self.status.setText(str(exc))
        else:
            report_error(exc, parent=self)

    @Slot()
    def _insert_current(self) -> None:
        item = self.results.currentItem() or self.suggestions.currentItem()
        if item is not None:
            self._insert_item(item)

    @Slot(QListWidgetItem)
    def _insert_item(self, item: QListWidgetItem) -> None:
        template_id = item.data(_ROLE_ID)
        if template_id is not None:
            self.insert_template(int(template_id))

    def insert_template(self, template_id: int) -> None:
        """Add a template to the reply; its variables are filled from the comment and account."""
        if self.row is None:
            return
        comment_id, db = self.row.id, self.db

        def work() -> _Inserted:
            from crisisdesk.services.template_policy import sendable_version
            from crisisdesk.services.template_preview import context_for_comment
            from crisisdesk.templating.syntax import Variable, parse

            with db.session() as session:
                version = sendable_version(session, template_id)
                bodies = [version.body, *(version.variants or {}).values()]
                names = [
                    node.name
                    for body in bodies
                    for node in parse(str(body)).nodes
                    if isinstance(node, Variable)
                ]
                return _Inserted(
                    list(dict.fromkeys(names)), context_for_comment(session, comment_id)
                )

        def done(result: _Inserted) -> None:
            self.template_ids.append(template_id)
            self._context = result.context
            for name in result.names:
                self._add_field(name, result.context.get(name, ""))
            self.refresh_preview()

        run_op(work, on_done=done, on_error=self._on_template_error, parent=self)

    def _add_field(self, name: str, value: str) -> None:
        if name in self.fields:
            return
        edit = QLineEdit(value)
        if not value:
            edit.setPlaceholderText(self.tr("请填写"))
        edit.textEdited.connect(lambda _t: self.refresh_preview())
        self.fields[name] = edit
        self.variables.addRow(name, edit)

    def _clear_fields(self) -> None:
        while self.variables.rowCount():
            self.variables.removeRow(0)
        self.fields = {}

    def values(self) -> dict[str, str]:
        """The variable values as the operator left them."""
        return {name: edit.text() for name, edit in self.fields.items() if edit.text().strip()}

    @Slot()
    def refresh_preview(self) -> None:
        """Re-render the chosen templates with the current values (the live preview)."""
        if self.row is None or not self.template_ids:
            return
        db, comment_id, ids, values = self.db, self.row.id, list(self.template_ids), self.values()

        def work() -> Preview:
            from crisisdesk.services.template_preview import preview

            with db.session() as session:
                return preview(session, template_ids=ids, comment_id=comment_id, values=values)

        run_op(work, on_done=self._on_preview, on_error=self._on_template_error, parent=self)

    def _on_preview(self, result: Preview) -> None:
        self.version_ids = result.version_ids
        self._preview_problems = [
            p.message for p in result.problems if p.code not in ("too_long", "empty_body")
        ]
        self.editor.setPlainText(result.text)

    # --- checks -------------------------------------------------------------------------------

    def limit(self) -> int | None:
        """The platform's length limit for one reply."""
        if self.row is None:
            return None
        try:
            return Platform(self.row.platform).reply_limit
        except ValueError:
            return None

    def watch_hits(self) -> list[str]:
        """Watched words in the draft, as "word（list）"."""
        if self._checker is None:
            return []
        found = self._checker(self.editor.toPlainText())
        return list(dict.fromkeys(labels.noted(h.word, h.list_name) for h in found))

    @Slot()
    def _check(self) -> None:
        text = self.editor.toPlainText().strip()
        limit = self.limit()
        length = len(text)
        over = limit is not None and length > limit
        if limit is None:
            self.counter.setText(self.tr("{n} 字").format(n=length))
        else:
            self.counter.setText(self.tr("{n} / {limit} 字").format(n=length, limit=limit))
        self.counter.setStyleSheet("color: #c81e1e; font-weight: bold;" if over else "")
        problems = list(self._preview_problems)
        if over:
            problems.append(
                self.tr("超出平台每条 {limit} 字的限制，请删减 {n} 字。").format(
                    limit=limit, n=length - (limit or 0)
                )
            )
        hits = self.watch_hits()
        if hits:
            problems.append(self.tr("含关注词/敏感词：{w}").format(w=labels.listed(hits)))
        self.confirm.setVisible(bool(hits))
        if not hits:
            self.confirm.setChecked(False)
        self.checks.setText("\n".join(problems))
        self.checks.setStyleSheet("color: #c81e1e;" if problems else "")
        self.checks.setVisible(bool(problems))
        ready = bool(text) and not over and (not hits or self.confirm.isChecked())
        busy = self.sending.state in ("sending", "sent")
        self.submit_button.setEnabled(ready and not busy)
        self.send_button.setEnabled(ready and not busy)

    def ready(self) -> bool:
        """Whether the reply may leave now."""
        return self.submit_button.isEnabled()

    # --- leaving ------------------------------------------------------------------------------

    @Slot()
    def submit(self) -> None:
        """Put the reply in the reviewers' queue."""
        self._leave(inbox_reply_ops.submit, send=False)

    @Slot()
    def send_directly(self) -> None:
        """Approve one's own reply (where the office allows it) and send it in the background."""
        self._leave(inbox_reply_ops.approve_own, send=True)

    def _leave(self, step: Callable[..., ReplyView], *, send: bool) -> None:
        me, row = self._me(), self.row
        if me is None or row is None or not self.ready():
            return
        db, text, versions, reply_id = (
            self.db,
            self.editor.toPlainText().strip(),
            self.version_ids,
            self.reply_id,
        )

        def work() -> ReplyView:
            return step(
                db, me, comment_id=row.id, text=text, version_ids=versions, reply_id=reply_id
            )

        def done(view: ReplyView) -> None:
            self.reply_id = view.id
            if send:
                self.status.clear()
                self.sending.start(view.id)
            else:
                self.status.setText(self.tr("已提交审核，审核通过后即可发送。"))
                self.submit_button.setEnabled(False)
                self.submitted.emit(view)

        run_op(work, on_done=done, on_error=self._on_leave_error, parent=self, write=True)

    def _on_leave_error(self, exc: BaseException) -> None:
        if isinstance(exc, UserFacingError):
            self.status.setText(str(exc))
            self.status.setStyleSheet("color: #c81e1e;")
        else:
            report_error(exc, parent=self)

"""The inbox's detail panel: one comment in full, its post and thread, the author's history,
the analysis evidence, its replies, the audit history and who else is on it. Plain text only."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.services.inbox import InboxRow
from crisisdesk.services.inbox_detail import CommentDetail, HistoryEntry
from crisisdesk.services.presence import PresenceInfo
from crisisdesk.services.replies import ReplyView
from crisisdesk.ui import labels
from crisisdesk.ui.labels import QT_TRANSLATE_NOOP
from crisisdesk.ui.panes.inbox_model import assignee_text, time_left_text

_ACTIONS: dict[str, str] = {
    "triage.assign": QT_TRANSLATE_NOOP("InboxDetail", "分派"),
    "triage.priority": QT_TRANSLATE_NOOP("InboxDetail", "设置优先级"),
    "triage.mark_handled": QT_TRANSLATE_NOOP("InboxDetail", "标记为已办结"),
    "triage.mark_ignored": QT_TRANSLATE_NOOP("InboxDetail", "标记为已忽略"),
    "triage.mark_spam": QT_TRANSLATE_NOOP("InboxDetail", "标记为垃圾信息"),
    "triage.mark_in_progress": QT_TRANSLATE_NOOP("InboxDetail", "标记为处理中"),
    "triage.reopen": QT_TRANSLATE_NOOP("InboxDetail", "重新打开"),
    "triage.link_incident": QT_TRANSLATE_NOOP("InboxDetail", "关联事件"),
    "triage.unlink_incident": QT_TRANSLATE_NOOP("InboxDetail", "取消关联事件"),
    "triage.correct_sentiment": QT_TRANSLATE_NOOP("InboxDetail", "更正情感"),
    "triage.correct_intent": QT_TRANSLATE_NOOP("InboxDetail", "更正意图"),
    "triage.tag": QT_TRANSLATE_NOOP("InboxDetail", "加标签"),
    "triage.untag": QT_TRANSLATE_NOOP("InboxDetail", "去标签"),
    "triage.undo": QT_TRANSLATE_NOOP("InboxDetail", "撤销"),
    "reply.draft": QT_TRANSLATE_NOOP("InboxDetail", "起草回复"),
    "reply.submit": QT_TRANSLATE_NOOP("InboxDetail", "提交审核"),
    "reply.approve": QT_TRANSLATE_NOOP("InboxDetail", "批准回复"),
    "reply.reject": QT_TRANSLATE_NOOP("InboxDetail", "退回回复"),
    "reply.edit": QT_TRANSLATE_NOOP("InboxDetail", "修改回复"),
    "reply.send_start": QT_TRANSLATE_NOOP("InboxDetail", "开始发送"),
    "reply.sent": QT_TRANSLATE_NOOP("InboxDetail", "回复已发送"),
    "reply.failed": QT_TRANSLATE_NOOP("InboxDetail", "回复发送失败"),
    "reply.interrupted": QT_TRANSLATE_NOOP("InboxDetail", "发送中断"),
}


def _t(text: str) -> str:
    return QCoreApplication.translate("InboxDetail", text)


def action_label(action: str) -> str:
    """An audited action in words (an unknown one as recorded)."""
    source = _ACTIONS.get(action)
    return _t(source) if source is not None else action


def _plain_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # comment data is untrusted: never rich text
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def _text_box() -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setReadOnly(True)
    return box


def _line(row: InboxRow) -> str:
    return QCoreApplication.translate("InboxDetail", "[{time}] {author}：{text}").format(
        time=labels.when(row.created_at), author=row.author_name, text=" ".join(row.text.split())
    )


def _history_line(entry: HistoryEntry) -> str:
    details = entry.details
    extra: list[str] = []
    ids = details.get("ids")
    if isinstance(ids, list) and len(ids) > 1:
        extra.append(QCoreApplication.translate("InboxDetail", "共 {n} 条").format(n=len(ids)))
    for key in ("tag", "note", "reason"):
        value = details.get(key)
        if value:
            extra.append(str(value))
    applied = details.get("set")
    if isinstance(applied, dict) and entry.action.startswith("triage."):
        shown = [
            f"{k}={v}" for k, v in applied.items() if k not in ("handled_at",) and v is not None
        ]
        extra.extend(shown[:3])
    tail = QCoreApplication.translate("InboxDetail", "（{notes}）").format(
        notes=labels.clauses(extra)
    ) if extra else ""
    return f"{labels.when(entry.at)}  {entry.actor}  {action_label(entry.action)}{tail}"


def _reply_block(reply: ReplyView) -> str:
    lines = [
        QCoreApplication.translate("InboxDetail", "#{id} {state}  起草于 {at}").format(
            id=reply.id,
            state=labels.reply_state(reply.state.value),
            at=labels.when(reply.created_at),
        ),
        reply.text,
    ]
    if reply.review_note:
        lines.append(
            QCoreApplication.translate("InboxDetail", "审核意见：{note}").format(
                note=reply.review_note
            )
        )
    if reply.last_error:
        lines.append(
            QCoreApplication.translate("InboxDetail", "失败原因：{error}").format(
                error=reply.last_error
            )
        )
    if reply.sent_at is not None:
        lines.append(
            QCoreApplication.translate("InboxDetail", "发送时间：{at}").format(
                at=labels.when(reply.sent_at)
            )
        )
    return "\n".join(lines)


class CommentDetailPanel(QWidget):
    """Everything about the selected comment, in plain text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presence = _plain_label()
        self.presence.setStyleSheet("color: #b45309; font-weight: bold;")
        self.presence.hide()
        self.text = _text_box()
        self.text.setPlaceholderText(self.tr("在左侧列表中选择一条评论，即可在此查看全文。"))
        self.text.setMaximumHeight(110)
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(2)
        for key, title in (
            ("source", self.tr("来源")),
            ("reading", self.tr("情感/意图")),
            ("status", self.tr("状态")),
            ("assignee", self.tr("承办人")),
            ("extra", self.tr("波次/事件/标签")),
        ):
            self.fields[key] = _plain_label()
            form.addRow(title, self.fields[key])
        self.tabs = QTabWidget()
        self.boxes: dict[str, QPlainTextEdit] = {}
        for key, title in (
            ("post", self.tr("所属内容")),
            ("thread", self.tr("会话")),
            ("author", self.tr("同一作者")),
            ("evidence", self.tr("分析依据")),
            ("replies", self.tr("回复")),
            ("history", self.tr("操作记录")),
        ):
            self.boxes[key] = _text_box()
            self.tabs.addTab(self.boxes[key], title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.presence)
        layout.addWidget(self.text)
        layout.addLayout(form)
        layout.addWidget(self.tabs, 1)
        self.detail: CommentDetail | None = None

    def show_presence(self, others: list[PresenceInfo]) -> None:
        """Who else is viewing or drafting a reply to this comment."""
        if not others:
            self.presence.hide()
            return
        parts = [
            self.tr("{name} 正在起草回复").format(name=o.name)
            if o.kind == "drafting"
            else self.tr("{name} 正在查看").format(name=o.name)
            for o in others
        ]
        self.presence.setText(labels.clauses(parts))
        self.presence.show()

    def show_detail(self, detail: CommentDetail | None, now: Any = None) -> None:
        """Fill the panel with one comment (None clears it)."""
        self.detail = detail
        if detail is None:
            self.text.clear()
            for label in self.fields.values():
                label.clear()
            for box in self.boxes.values():
                box.clear()
            self.presence.hide()
            return
        row = detail.row
        self.text.setPlainText(row.text)
        self.fields["source"].setText(
            f"{labels.platform(row.platform)} · {row.account_name} · {row.author_name} · "
            f"{labels.when(row.created_at)}"
        )
        corrected = self.tr("（已人工更正）")
        self.fields["reading"].setText(
            self.tr("{s}{sc}（得分 {score:+.2f}，置信度 {conf:.0%}） / {i}{ic}").format(
                s=labels.sentiment(row.sentiment),
                sc=corrected if detail.sentiment_corrected else "",
                score=detail.sentiment_score,
                conf=detail.sentiment_confidence,
                i=labels.intent(row.intent),
                ic=corrected if detail.intent_corrected else "",
            )
        )
        status = labels.comment_status(row.status)
        priority = {1: self.tr("较高"), 2: self.tr("紧急")}.get(row.priority)
        if priority:
            status += self.tr("，优先级：{p}").format(p=priority)
        if row.due_at is not None:
            status += self.tr("，回复时限 {due}").format(due=labels.when(row.due_at))
            left = time_left_text(row.seconds_left)
            if left:
                status = labels.noted(status, left)
        self.fields["status"].setText(status)
        self.fields["assignee"].setText(assignee_text(row) or self.tr("未分派"))
        extra = []
        if row.wave_id is not None:
            extra.append(
                self.tr("集中发帖波次 #{id}，共 {n} 条").format(id=row.wave_id, n=row.wave_size)
            )
        if row.incident_id is not None:
            extra.append(self.tr("事件 #{id}").format(id=row.incident_id))
        if row.tags:
            extra.append(self.tr("标签：{tags}").format(tags=labels.listed(row.tags)))
        self.fields["extra"].setText(labels.clauses(extra) or self.tr("（无）"))
        self._fill_tabs(detail)

    def _fill_tabs(self, detail: CommentDetail) -> None:
        post = detail.post
        self.boxes["post"].setPlainText(
            "\n\n".join(x for x in (post.title, post.text, post.url or "") if x)
            if post is not None
            else self.tr("（未关联到具体内容）")
        )
        thread: list[str] = []
        if detail.parent is not None:
            thread += [self.tr("上一层评论："), _line(detail.parent), ""]
        thread += [self.tr("本条："), _line(detail.row)]
        if detail.children:
            thread += ["", self.tr("网友的回复（{n} 条）：").format(n=len(detail.children))]
            thread += [_line(c) for c in detail.children]
        self.boxes["thread"].setPlainText("\n".join(thread))
        self.boxes["author"].setPlainText(
            "\n".join(
                f"{_line(r)}  [{labels.comment_status(r.status)}]" for r in detail.same_author
            )
            or self.tr("该作者此前没有其他评论。")
        )
        evidence = [
            self.tr("关键词：{k}").format(k=labels.listed(detail.keywords) or self.tr("（无）")),
            self.tr("意图依据：{e}").format(
                e=labels.listed(detail.intent_evidence) or self.tr("（无）")
            ),
        ]
        hits = [
            labels.noted(str(h.get("word", "")), str(h.get("list", h.get("list_name", ""))))
            for h in detail.watch_hits
        ]
        evidence.append(self.tr("关注词命中：{h}").format(h=labels.listed(hits) or self.tr("（无）")))
        for name, values in detail.features.items():
            evidence.append(self.tr("{name}：{values}").format(name=name, values=labels.listed(values)))
        evidence += ["", self.tr("规范化文本："), detail.normalized_text]
        self.boxes["evidence"].setPlainText("\n".join(evidence))
        self.boxes["replies"].setPlainText(
            "\n\n".join(_reply_block(r) for r in detail.replies) or self.tr("尚无回复。")
        )
        self.boxes["history"].setPlainText(
            "\n".join(_history_line(e) for e in detail.history) or self.tr("尚无操作记录。")
        )
        title = self.tr("回复") + (f" ({len(detail.replies)})" if detail.replies else "")
        self.tabs.setTabText(4, title)

"""Triage from the inbox: the actions, their shortcuts and the calls to the triage service.

Every action goes through `services.triage.Triage` on the writer thread (which audits it);
a version conflict is reported through `conflict` so the pane can say so plainly and reload.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from crisisdesk.domain import CommentStatus, Intent, Role, Sentiment
from crisisdesk.services.inbox import InboxRow
from crisisdesk.services.triage import (
    Selection,
    Target,
    Triage,
    TriageConflict,
    TriageResult,
    WaveTarget,
)
from crisisdesk.ui import labels
from crisisdesk.ui.ops import report_error, run_op
from crisisdesk.ui.panes.inbox_queries import FilterOptions

_DONE_STATUSES = (CommentStatus.HANDLED, CommentStatus.IGNORED, CommentStatus.SPAM)


class TriageActions(QObject):
    """The triage actions of one pane; `rows()` gives the selected rows as the operator saw them."""

    message = Signal(str)  # what was done, for the pane's status line
    conflict = Signal(str)  # someone else was first: nothing changed
    done = Signal(object)  # the TriageResult

    def __init__(
        self,
        host: QWidget,
        rows: Callable[[], list[InboxRow]],
        triage: Callable[[], Triage | None],
    ) -> None:
        super().__init__(host)
        self.host = host
        self._rows = rows
        self._triage = triage
        self.options = FilterOptions((), (), (), ())
        self._waiting: list[Callable[[], None]] = []
        self._busy = False
        self._in_flight = False
        self.actions: dict[str, QAction] = {}
        for key, text, shortcut, slot in (
            ("assign", self.tr("分派…"), "A", self.ask_assign),
            ("done", self.tr("办结"), "E", lambda: self.mark(CommentStatus.HANDLED)),
            ("ignore", self.tr("忽略"), "I", lambda: self.mark(CommentStatus.IGNORED)),
            ("spam", self.tr("垃圾信息"), "X", lambda: self.mark(CommentStatus.SPAM)),
            (
                "progress",
                self.tr("处理中"),
                "Shift+E",
                lambda: self.mark(CommentStatus.IN_PROGRESS),
            ),
            ("reopen", self.tr("重新打开"), "Shift+O", self.reopen),
            ("tag", self.tr("标签…"), "T", self.ask_tag),
            ("incident", self.tr("关联事件…"), "L", self.ask_incident),
            ("wave", self.tr("处理整个水军波次…"), "W", self.ask_wave),
            ("undo", self.tr("撤销"), QKeySequence.StandardKey.Undo, self.undo),
        ):
            self.actions[key] = self._action(text, shortcut, slot)
        self.priority_menu = QMenu(self.tr("优先级"), host)
        for level, text, shortcut in (
            (0, self.tr("普通"), "0"),
            (1, self.tr("较高"), "1"),
            (2, self.tr("紧急"), "2"),
        ):
            action = self._action(text, shortcut, partial(self.set_priority, level))
            self.priority_menu.addAction(action)
            self.actions[f"priority{level}"] = action
        self.correct_menu = QMenu(self.tr("更正分析"), host)
        for s in Sentiment:
            self.correct_menu.addAction(
                self._action(
                    self.tr("情感改为：{x}").format(x=labels.sentiment(s.value)),
                    None,
                    partial(self.correct_sentiment, s),
                )
            )
        self.correct_menu.addSeparator()
        for i in Intent:
            self.correct_menu.addAction(
                self._action(
                    self.tr("意图改为：{x}").format(x=labels.intent(i.value)),
                    None,
                    partial(self.correct_intent, i),
                )
            )

    def _action(self, text: str, shortcut: Any, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.host)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(labels.noted(text, QKeySequence(shortcut).toString()))
        action.triggered.connect(lambda _checked=False: slot())
        self.host.addAction(action)
        return action

    # --- running ------------------------------------------------------------------------------

    def _selection(self) -> Selection | None:
        rows = self._rows()
        if not rows:
            self.message.emit(self.tr("请先在列表中选择评论。"))
            return None
        return Selection.of(rows)

    def _run(self, call: Callable[[Triage], TriageResult]) -> None:
        triage = self._triage()
        if triage is None:
            self.message.emit(self.tr("正在识别当前操作员，请稍候再试。"))
            return
        self._in_flight = True
        run_op(
            lambda: call(triage),
            on_done=self._on_done,
            on_error=self._on_error,
            parent=self.host,
            write=True,
        )

    def _queue(self, step: Callable[[], None]) -> None:
        # One action at a time: the next reads the selection (and its versions) only after the
        # previous one is in, so quick key presses never trip over the operator's own change.
        self._waiting.append(step)
        if not self._busy:
            self._next()

    def _next(self) -> None:
        self._busy = False
        while self._waiting and not self._busy:
            self._busy = True
            self._waiting.pop(0)()
            if not self._in_flight:
                self._busy = False

    def _on_done(self, result: TriageResult) -> None:
        if result.action == "triage.undo":
            text = self.tr("已撤销上一步操作，恢复 {n} 条。").format(n=result.changed)
            if result.skipped:
                text += self.tr("另有 {n} 条已被他人改动，未恢复。").format(n=result.skipped)
        elif result.changed:
            text = self.tr("已处理 {n} 条评论。按 Ctrl+Z 可撤销。").format(n=result.changed)
        else:
            text = self.tr("所选评论已是该状态，无需改动。")
        self._in_flight = False
        self.message.emit(text)
        self.done.emit(result)
        self._next()

    def _on_error(self, exc: BaseException) -> None:
        self._in_flight = False
        self._waiting.clear()  # what was queued behind a failed action no longer makes sense
        if isinstance(exc, TriageConflict):
            self.conflict.emit(str(exc))
        else:
            report_error(exc, parent=self.host)
        self._next()

    def _on(self, call: Callable[[Triage, Target], TriageResult]) -> None:
        def step() -> None:
            selection = self._selection()
            if selection is not None:
                self._run(lambda triage: call(triage, selection))

        self._queue(step)

    # --- actions (callable directly; the ask_* ones open a chooser first) ---------------------

    def assign(self, *, operator_id: int | None = None, role: str | None = None) -> None:
        """Assign the selection to an operator and/or a role (both None: unassign)."""
        self._on(lambda t, s: t.assign(s, operator_id=operator_id, role=role))

    def set_priority(self, priority: int) -> None:
        """0 normal, 1 high, 2 urgent."""
        self._on(lambda t, s: t.set_priority(s, priority))

    def mark(self, status: CommentStatus) -> None:
        """Mark the selection handled, ignored, spam or in progress."""
        self._on(lambda t, s: t.mark(s, status))

    def reopen(self) -> None:
        """Back to 未处理."""
        self._on(lambda t, s: t.reopen(s))

    def tag(self, name: str) -> None:
        """Put a tag on the selection."""
        self._on(lambda t, s: t.tag(s, name))

    def link_incident(self, incident_id: int) -> None:
        """Attach the selection to an incident."""
        self._on(lambda t, s: t.link_incident(s, incident_id))

    def correct_sentiment(self, sentiment: Sentiment) -> None:
        """Correct the machine's sentiment on the selection."""
        self._on(lambda t, s: t.correct_sentiment(s, sentiment))

    def correct_intent(self, intent: Intent) -> None:
        """Correct the machine's intent on the selection."""
        self._on(lambda t, s: t.correct_intent(s, intent))

    def close_wave(self, wave_id: int, status: CommentStatus = CommentStatus.HANDLED) -> None:
        """Close every open comment of a copy-paste wave in one action."""
        self._queue(lambda: self._run(lambda t: t.mark(WaveTarget(wave_id), status)))

    def undo(self) -> None:
        """Reverse this operator's last triage action."""
        self._queue(lambda: self._run(lambda t: t.undo_last()))

    # --- choosers -----------------------------------------------------------------------------

    def ask_assign(self) -> None:
        """Choose an operator or a role, then assign."""
        if not self._rows():
            self.message.emit(self.tr("请先在列表中选择评论。"))
            return
        choices: list[tuple[str, int | None, str | None]] = [
            (self.tr("操作员：{name}").format(name=c.label), c.value, None)
            for c in self.options.operators
        ]
        choices += [
            (self.tr("岗位：{r}").format(r=labels.role(r.value)), None, r.value) for r in Role
        ]
        choices.append((self.tr("取消分派"), None, None))
        picked, ok = QInputDialog.getItem(
            self.host, self.tr("分派"), self.tr("分派给："), [c[0] for c in choices], 0, False
        )
        if ok:
            _, operator_id, role = next(c for c in choices if c[0] == picked)
            self.assign(operator_id=operator_id, role=role)

    def ask_tag(self) -> None:
        """Type a tag name, then tag."""
        name, ok = QInputDialog.getText(self.host, self.tr("标签"), self.tr("标签名称："))
        if ok and name.strip():
            self.tag(name.strip())

    def ask_incident(self) -> None:
        """Choose an open incident, then link."""
        if not self.options.incidents:
            self.message.emit(self.tr("当前没有进行中的事件可以关联。"))
            return
        names = [f"#{c.value} {labels.single_line(c.label, 60)}" for c in self.options.incidents]
        picked, ok = QInputDialog.getItem(
            self.host, self.tr("关联事件"), self.tr("关联到事件："), names, 0, False
        )
        if ok:
            self.link_incident(self.options.incidents[names.index(picked)].value)

    def ask_wave(self) -> None:
        """Close the selected comment's whole copy-paste wave, after saying how many."""
        rows = self._rows()
        row = rows[0] if rows else None
        if row is None or row.wave_id is None:
            self.message.emit(self.tr("所选评论不属于集中发帖波次。"))
            return
        names = [labels.comment_status(s.value) for s in _DONE_STATUSES]
        picked, ok = QInputDialog.getItem(
            self.host,
            self.tr("处理整个水军波次"),
            self.tr("波次 #{id} 共 {n} 条，其中未处理的全部标记为：").format(
                id=row.wave_id, n=row.wave_size
            ),
            names,
            0,
            False,
        )
        if ok:
            self.close_wave(row.wave_id, _DONE_STATUSES[names.index(picked)])

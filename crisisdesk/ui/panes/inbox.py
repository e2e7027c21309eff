"""收件箱 (inbox): every account's comments in one lazy list, with views, search and filters,
triage with shortcuts, the selected comment in full, presence, and the reply composer."""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelection,
    QPoint,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.domain import Changes
from crisisdesk.services.inbox import Inbox, InboxFilter, InboxRow
from crisisdesk.services.inbox_detail import CommentDetail
from crisisdesk.services.presence import PresenceInfo
from crisisdesk.services.triage import Triage, TriageResult
from crisisdesk.storage.db import Database
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.ops import run_op
from crisisdesk.ui.panes.base import Pane
from crisisdesk.ui.panes.inbox_composer import ReplyComposer
from crisisdesk.ui.panes.inbox_detail_panel import CommentDetailPanel
from crisisdesk.ui.panes.inbox_filter_bar import InboxFilterBar
from crisisdesk.ui.panes.inbox_model import (
    InboxModel,
)
from crisisdesk.ui.panes.inbox_presence import PresenceTracker
from crisisdesk.ui.panes.inbox_queries import (
    FilterOptions,
    Me,
    current_operator,
    default_operator,
    filter_options,
)
from crisisdesk.ui.panes.inbox_review import ReplyActionsBox
from crisisdesk.ui.panes.inbox_table import InboxTableView
from crisisdesk.ui.panes.inbox_triage import TriageActions
from crisisdesk.ui.panes.inbox_views import SavedViewsList
from crisisdesk.ui.widgets.empty_state import EmptyStateStack

COUNTDOWN_MS = 60_000  # the time-left column moves once a minute, without reading the database
COUNTS_DELAY_MS = 2_000
REST_FALLBACK_MS = 3_000  # view counts are re-read at most this often after changes


class InboxPane(Pane):
    """Views | filters and the lazy list | the selected comment, its replies and the composer."""

    def __init__(
        self,
        db: Database,
        changes: ChangesBridge,
        parent: QWidget | None = None,
        *,
        operator: str | None = None,
        first_rows: list[InboxRow] | None = None,
    ) -> None:
        super().__init__(db, changes, parent)
        self.me: Me | None = None
        self.inbox = Inbox(db)
        self.model = InboxModel(self.inbox, self)
        self.views = SavedViewsList(self.inbox)
        self.filters = InboxFilterBar()
        self.detail = CommentDetailPanel()
        self.reply_box = ReplyActionsBox(db, lambda: self.me)
        self.composer = ReplyComposer(db, lambda: self.me)
        self.composer.hide()
        self.triage = TriageActions(self, self.selected_rows, self._triage_service)
        self.presence = PresenceTracker(db, lambda: self.me, self)
        self.presence.others.connect(self._on_presence)
        self._build_table()
        self._build_layout()
        self._detail_id: int | None = None
        self._list_sizes: list[int] = []
        self._total: int | None = None
        self._wire(changes)
        self._timers()
        self._username = operator
        self._rest_started = False
        self._count_after_page = False
        if first_rows:
            self.model.show_rows(first_rows)  # read at start-up: no blank list while loading
        self.model.set_query(InboxFilter(), self.filters.sort_order())
        # Should the first page fail, the rest still comes (the error has been shown).
        QTimer.singleShot(REST_FALLBACK_MS, self._load_the_rest)

    def _load_the_rest(self) -> None:
        """After the first rows are on screen: counts, views, filter choices and who I am."""
        if self._rest_started:
            return
        self._rest_started = True
        db, username = self.db, self._username or default_operator()
        self._load_count()
        self.views.load()
        run_op(lambda: filter_options(db), on_done=self._on_options, parent=self)
        run_op(lambda: current_operator(db, username), on_done=self._on_me, parent=self, write=True)

    # --- building -----------------------------------------------------------------------------

    def _build_table(self) -> None:
        self.view = InboxTableView(self.model)
        self.view.jump_to_end.connect(self.jump_to_end)
        self.view.jump_to_top.connect(self.jump_to_top)
        self.stack = EmptyStateStack(self.view, self._empty_text(filtered=False))

    def _empty_text(self, *, filtered: bool) -> str:
        if filtered:
            return self.tr("没有符合条件的评论。\n可更换视图或清除筛选后再看。")
        return self.tr(
            "暂无评论。\n同步已接入的账号、导入评论文件或运行演练场景后，评论将显示在这里。"
        )

    def _build_layout(self) -> None:
        self.banner = QLabel()
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: #fde8e8; color: #9b1c1c; padding: 4px; border-radius: 3px;"
        )
        self.banner.hide()
        self.status_line = QLabel()
        self.status_line.setTextFormat(Qt.TextFormat.PlainText)
        self.status_line.setWordWrap(True)
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.reply_action = QAction(self.tr("回复"), self)
        self.reply_action.setShortcut(QKeySequence("R"))
        self.reply_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reply_action.setToolTip(self.tr("回复（R）"))
        self.addAction(self.reply_action)
        self.toolbar.addAction(self.reply_action)
        a = self.triage.actions
        for key in ("assign", "done", "ignore", "spam", "tag", "incident", "wave", "undo"):
            self.toolbar.addAction(a[key])
        for menu in (self.triage.priority_menu, self.triage.correct_menu):
            button = QToolButton()
            button.setText(menu.title())
            button.setMenu(menu)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            self.toolbar.addWidget(button)
        center = QWidget()
        cv = QVBoxLayout(center)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.addWidget(self.filters)
        cv.addWidget(self.toolbar)
        cv.addWidget(self.banner)
        cv.addWidget(self.stack, 1)
        foot = QHBoxLayout()
        foot.addWidget(self.count_label, 1)
        foot.addWidget(self.status_line)
        cv.addLayout(foot)
        right = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tv = QVBoxLayout(top)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(self.detail, 1)
        tv.addWidget(self.reply_box)
        right.addWidget(top)
        right.addWidget(self.composer)
        right.setChildrenCollapsible(False)
        right.setSizes([380, 420])
        self.right = right
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.views)
        split.addWidget(center)
        split.addWidget(right)
        split.setStretchFactor(1, 4)
        split.setStretchFactor(2, 2)
        # The list gets most of the width: the comment text is what operators read.
        split.setSizes([140, 1020, 400])
        split.setChildrenCollapsible(False)
        self.splitter = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)

    def _shortcut(self, keys: str | QKeySequence.StandardKey, slot: object) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    def _wire(self, changes: ChangesBridge) -> None:
        self.model.first_page_loaded.connect(self._on_first_page)
        self.model.rowsInserted.connect(self._update_count_label)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.view.verticalScrollBar().valueChanged.connect(self._on_scroll)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.views.chosen.connect(self._on_view)
        self.filters.changed.connect(self.apply_filter)
        self.filters.save_requested.connect(lambda: self.views.save_current(self.filters.current()))
        self.triage.message.connect(self._say)
        self.triage.conflict.connect(self._on_conflict)
        self.triage.done.connect(self._on_triaged)
        self.reply_action.triggered.connect(self.open_composer)
        self.composer.drafting.connect(self._on_drafting)
        self.composer.submitted.connect(lambda _v: self._reload_detail())
        self.composer.sending.finished.connect(lambda _v: self._reload_detail())
        self.reply_box.reviewed.connect(lambda _v: self._reload_detail())
        self.reply_box.sending.finished.connect(lambda _v: self._reload_detail())
        for keys, slot in (
            ("J", lambda: self.step_selection(1)),
            ("K", lambda: self.step_selection(-1)),
            ("/", self.filters.focus_search),
            (QKeySequence.StandardKey.Find, self.filters.focus_search),
            (QKeySequence.StandardKey.Refresh, self.apply_filter),
            ("Escape", self._escape),
        ):
            self._shortcut(keys, slot)
        changes.changed.connect(self.on_changes)

    def _timers(self) -> None:
        self.countdown = QTimer(self)
        self.countdown.setInterval(COUNTDOWN_MS)
        self.countdown.timeout.connect(lambda: self.model.refresh_countdowns())
        self.countdown.start()
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(COUNTS_DELAY_MS)
        self._counts_timer.timeout.connect(self.views.refresh_counts)

    # --- who I am, options ----------------------------------------------------------------------

    def _on_me(self, me: Me) -> None:
        self.me = me
        self.inbox.operator_id = me.id  # "我的待办" means this operator
        if self.filters.base().assignee is not None or self.filters.current().assignee is not None:
            self.apply_filter()
        self.views.refresh_counts()

    def _triage_service(self) -> Triage | None:
        return Triage(self.db, operator_id=self.me.id) if self.me is not None else None

    def _on_options(self, options: FilterOptions) -> None:
        self.filters.set_options(options)
        self.triage.options = options

    # --- the list -------------------------------------------------------------------------------

    @Slot(object, str)
    def _on_view(self, flt: InboxFilter, name: str) -> None:
        self.filters.set_base(flt, name)

    def show_filter(self, flt: InboxFilter, label: str) -> None:
        """Open the list on conditions chosen elsewhere (a chart bar, a hot word)."""
        self.filters.set_base(flt, label)

    @Slot()
    def apply_filter(self) -> None:
        """Show the list for the view, filters and order now chosen."""
        self.banner.hide()
        self._count_after_page = True  # the rows first; the total follows them
        self._total = None
        self.model.set_query(self.filters.current(), self.filters.sort_order())

    def _load_count(self) -> None:
        self._total = None
        flt = self.filters.current()
        self._update_count_label()
        run_op(lambda: self.inbox.count(flt), on_done=lambda n: self._on_count(flt, n), parent=self)

    def _on_count(self, flt: InboxFilter, total: int) -> None:
        if flt == self.model.filter:
            self._total = total
            self._update_count_label()

    @Slot()
    def _update_count_label(self) -> None:
        shown = f"{self.model.loaded_ids():,}"
        if self._total is None:
            self.count_label.setText(
                self.tr("已载入 {shown} 条，正在统计总数……").format(shown=shown)
            )
        else:
            self.count_label.setText(
                self.tr("共 {total} 条评论，已载入 {shown} 条").format(
                    total=f"{self._total:,}", shown=shown
                )
            )

    @Slot()
    def _on_first_page(self) -> None:
        empty = self.model.rowCount() == 0
        self.stack.label.setText(self._empty_text(filtered=self.model.filter != InboxFilter()))
        self.stack.set_empty(empty)
        if not empty and not self.view.selectionModel().hasSelection():
            row = 0 if self.model.at_top() else self.model.rowCount() - 1
            self.select_row(row)
        if not self.model.at_top():
            self.view.scrollToBottom()
        if self._count_after_page:
            self._count_after_page = False
            self._load_count()
        self._update_count_label()
        if not self.is_loaded():
            self.mark_loaded()
            self._load_the_rest()  # the first rows go first; everything else follows them

    @Slot(int)
    def _on_scroll(self, value: int) -> None:
        if value == 0 and not self.model.at_top():
            self.model.fetch_above()  # after a jump to the end, scrolling up reads upwards

    def jump_to_end(self) -> None:
        """The last rows of the list, without reading everything in between."""
        self.view.clearSelection()
        self.model.jump_to_end()

    def jump_to_top(self) -> None:
        """Back to the first rows."""
        if self.model.at_top():
            self.view.scrollToTop()
            self.select_row(0)
        else:
            self.view.clearSelection()
            self.model.reload()

    def step_selection(self, step: int) -> None:
        """Select the next (1) or previous (-1) comment (J/K)."""
        count = self.model.rowCount()
        if not count:
            return
        current = self.view.currentIndex().row()
        row = max(0, min(count - 1, current + step if current >= 0 else 0))
        if row == count - 1 and self.model.canFetchMore():
            self.model.fetchMore()
        self.select_row(row)
        self.view.scrollTo(self.model.index(row, 0))

    def select_row(self, row: int) -> None:
        """Make one row the whole selection."""
        self.view.select_row(row)

    def selected_rows(self) -> list[InboxRow]:
        """The selected rows as the operator sees them (with the versions triage checks)."""
        built = [self.model.row_for(r) for r in self.view.selected_row_numbers()]
        return [b for b in built if b is not None]

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.reply_action)
        for key in ("assign", "done", "ignore", "spam", "progress", "reopen", "tag", "incident"):
            menu.addAction(self.triage.actions[key])
        menu.addMenu(self.triage.priority_menu)
        menu.addMenu(self.triage.correct_menu)
        rows = self.selected_rows()
        if rows and rows[0].wave_id is not None:
            menu.addSeparator()
            wave, size = rows[0].wave_id, rows[0].wave_size
            only = menu.addAction(self.tr("只看此波次（{n} 条）").format(n=size))
            only.triggered.connect(lambda: self.filters.show_wave(wave, size))
            menu.addAction(self.triage.actions["wave"])
        menu.exec(self.view.viewport().mapToGlobal(pos))

    # --- the selected comment -------------------------------------------------------------------

    @Slot(QItemSelection, QItemSelection)
    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        index = self.view.currentIndex()
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self._show_comment(None)
            return
        row = (
            index.row()
            if index.isValid() and index.row() in {r.row() for r in rows}
            else rows[0].row()
        )
        self._show_comment(self.model.comment_id(row))

    def _show_comment(self, comment_id: int | None) -> None:
        previous = self._detail_id
        if previous == comment_id:
            return
        self._detail_id = comment_id
        if self.composer.isVisible():
            self.composer.close_composer()
        if comment_id is None:
            self.detail.show_detail(None)
            self.reply_box.show_replies([])
        else:
            self._reload_detail()
        self.presence.follow(comment_id)

    def _reload_detail(self) -> None:
        comment_id = self._detail_id
        if comment_id is None:
            return
        run_op(
            lambda: self.inbox.detail(comment_id),
            on_done=lambda d: self._on_detail(comment_id, d),
            on_error=lambda _e: self._on_detail(comment_id, None),
            parent=self,
        )

    def _on_detail(self, comment_id: int, detail: CommentDetail | None) -> None:
        if comment_id != self._detail_id:
            return  # the user has moved on meanwhile
        self.detail.show_detail(detail)
        self.reply_box.show_replies(detail.replies if detail is not None else [])

    @Slot(int, object)
    def _on_presence(self, comment_id: int, others: list[PresenceInfo]) -> None:
        if comment_id == self._detail_id:
            self.detail.show_presence(others)

    # --- replying -------------------------------------------------------------------------------

    @Slot()
    def open_composer(self) -> None:
        """Open the composer for the selected comment (R)."""
        detail = self.detail.detail
        if detail is None or detail.row.id != self._detail_id:
            self._say(self.tr("请先选择要回复的评论。"))
            return
        self.composer.open_for(detail.row, detail.replies)

    def _on_drafting(self, on: bool) -> None:
        self.presence.set_drafting(on)
        # While a reply is written the right side takes more room and the tabs make way for it.
        self.detail.tabs.setVisible(not on)
        total = sum(self.splitter.sizes())
        side = self.splitter.sizes()[0]
        height = sum(self.right.sizes())
        if on:
            self._list_sizes = self.splitter.sizes()
            rest = total - side
            self.splitter.setSizes([side, rest * 45 // 100, rest - rest * 45 // 100])
            top = self.detail.sizeHint().height() + self.reply_box.sizeHint().height() * int(
                self.reply_box.isVisible()
            )
            self.right.setSizes([min(top, height // 3), height - min(top, height // 3)])
        elif self._list_sizes:
            self.splitter.setSizes(self._list_sizes)
            self.right.setSizes([height, 0])

    def _escape(self) -> None:
        if self.composer.isVisible():
            self.composer.close_composer()
            self.view.setFocus()

    # --- messages and changes -------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.status_line.setText(text)

    def _on_triaged(self, result: TriageResult) -> None:
        # Re-read the changed rows now (not after the coalesced change event): the next action
        # must carry the versions this one left.
        self.model.apply_changes(Changes(comment_ids=result.comment_ids))
        if self._detail_id is not None and self._detail_id in result.comment_ids:
            self._reload_detail()

    def _on_conflict(self, text: str) -> None:
        self.banner.setText(self.tr("操作未执行：{text}\n列表已刷新为最新状态。").format(text=text))
        self.banner.show()
        self.model.apply_changes(Changes(comment_ids=tuple(r.id for r in self.selected_rows())))
        self._reload_detail()

    @Slot(object, object)
    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """Rows that changed are re-read; new comments appear on a newest-first list."""
        if not (changes.comments or changes.comment_ids or changes.replies):
            return
        self.model.apply_changes(changes)
        if changes.comments:
            self._load_count()
        if self._detail_id is not None and (
            self._detail_id in changes.comment_ids or not changes.comment_ids
        ):
            self._reload_detail()
        self._counts_timer.start()

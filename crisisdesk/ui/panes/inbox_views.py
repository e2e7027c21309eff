"""The side list of saved views (未处理负面, 我的待办, 待审核, 超时未回复 and the operator's own), with counts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.services.inbox import Inbox, InboxFilter, ViewInfo
from crisisdesk.ui.ops import run_op

ALL_VIEW = -1  # the list's first entry: every comment
OVERDUE_VIEW_NAME = "超时未回复"
_OVERDUE_COLOR = QColor("#c81e1e")


class SavedViewsList(QWidget):
    """Views with their counts; choosing one emits `chosen(filter, name)`."""

    chosen = Signal(object, str)

    def __init__(self, inbox: Inbox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inbox = inbox
        self.title = QLabel(self.tr("视图"))
        self.title.setStyleSheet("font-weight: bold;")
        self.list = QListWidget()
        self.list.setMinimumWidth(110)
        self._views: dict[int, ViewInfo] = {}
        self._counts: dict[int, int] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        self.list.currentItemChanged.connect(self._on_current)
        self._emitting = True

    def load(self) -> None:
        """Read the views, then their counts (both in the background)."""
        run_op(self.inbox.views, on_done=self._on_views, parent=self)

    def refresh_counts(self) -> None:
        """Re-count every view (after changes)."""
        run_op(self.inbox.view_counts, on_done=self._on_counts, parent=self)

    def _on_views(self, views: list[ViewInfo]) -> None:
        chosen = self.current_view_id()
        self._views = {v.id: v for v in views}
        self._emitting = False
        try:
            self.list.clear()
            everything = QListWidgetItem(self.tr("全部评论"))
            everything.setData(Qt.ItemDataRole.UserRole, ALL_VIEW)
            self.list.addItem(everything)
            for view in views:
                item = QListWidgetItem(view.name)
                item.setData(Qt.ItemDataRole.UserRole, view.id)
                if not view.builtin:
                    item.setToolTip(self.tr("自定义视图"))
                self.list.addItem(item)
            self._select(chosen if chosen is not None else ALL_VIEW)
        finally:
            self._emitting = True
        self._paint_counts()
        self.refresh_counts()

    def _on_counts(self, counts: dict[int, int]) -> None:
        self._counts = counts
        self._paint_counts()

    def _paint_counts(self) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            view_id = int(item.data(Qt.ItemDataRole.UserRole))
            view = self._views.get(view_id)
            if view is None:
                continue
            count = self._counts.get(view_id)
            item.setText(view.name if count is None else f"{view.name}  ({count:,})")
            if view.name == OVERDUE_VIEW_NAME and count:
                item.setForeground(QBrush(_OVERDUE_COLOR))

    def count_of(self, name: str) -> int | None:
        """The count shown for a view (tests)."""
        for view in self._views.values():
            if view.name == name:
                return self._counts.get(view.id)
        return None

    def current_view_id(self) -> int | None:
        """The chosen view's id (ALL_VIEW for every comment), None before loading."""
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def choose(self, name: str) -> bool:
        """Choose a view by name; False if there is none."""
        for view in self._views.values():
            if view.name == name:
                self._select(view.id)
                return True
        return False

    def choose_all(self) -> None:
        """Back to every comment."""
        self._select(ALL_VIEW)

    def _select(self, view_id: int) -> None:
        for i in range(self.list.count()):
            if int(self.list.item(i).data(Qt.ItemDataRole.UserRole)) == view_id:
                self.list.setCurrentRow(i)
                return
        self.list.setCurrentRow(0)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_current(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None or not self._emitting:
            return
        view_id = int(item.data(Qt.ItemDataRole.UserRole))
        view = self._views.get(view_id)
        if view is None:
            self.chosen.emit(InboxFilter(), "")
        else:
            self.chosen.emit(view.filters, view.name)

    def save_current(self, flt: InboxFilter, *, name: str | None = None) -> None:
        """Ask for a name and save the filter as the operator's own view."""
        if name is None:
            name, ok = QInputDialog.getText(
                self,
                self.tr("存为视图"),
                self.tr("视图名称（仅自己可见）："),
            )
            if not ok:
                return
        clean = name.strip()
        run_op(
            lambda: self.inbox.save_view(clean, flt),
            on_done=lambda _id: self._saved(clean),
            parent=self,
            write=True,
        )

    def _saved(self, name: str) -> None:
        run_op(self.inbox.views, on_done=lambda views: self._after_save(views, name), parent=self)

    def _after_save(self, views: list[ViewInfo], name: str) -> None:
        self._on_views(views)
        self._emitting = False
        try:
            self.choose(name)  # the filter in force is the one just saved: no reload
        finally:
            self._emitting = True

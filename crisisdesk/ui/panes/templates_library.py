"""The library table's rows: name, category, scenarios, platform versions, visibility and review state."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from crisisdesk.domain import Intent
from crisisdesk.services.templates import TemplateInfo
from crisisdesk.ui import labels
from crisisdesk.ui.panes.templates_data import VARIANT_KEYS
from crisisdesk.ui.widgets.record_model import Column, Index, RecordTableModel

STATE_COLUMN = 5


def approved_latest(info: TemplateInfo) -> bool:
    """True when the newest version is the approved one."""
    return info.approved is not None and info.approved.id == info.latest.id


def scenarios(info: TemplateInfo) -> str:
    """Scenario tags with intents shown by their names (crisis types are written as they are)."""
    intents = {i.value for i in Intent}
    return labels.listed(labels.intent(t) if t in intents else t for t in info.scenario_tags)


class LibraryModel(RecordTableModel):
    """Template rows; the state column is coloured (retired grey, awaiting review amber)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    self.tr("名称"),
                    lambda t: labels.single_line(t.name, 80),
                    tooltip=self.name_tooltip,
                ),
                Column(self.tr("分类"), lambda t: labels.template_category(t.category.value)),
                Column(
                    self.tr("场景"),
                    lambda t: labels.single_line(scenarios(t), 30),
                    tooltip=lambda t: labels.plain_tooltip(scenarios(t)),
                ),
                Column(self.tr("平台版本"), self.variants_text),
                Column(self.tr("范围"), self.scope_text),
                Column(self.tr("状态"), self.state_text),
            ],
            parent,
        )

    def name_tooltip(self, t: TemplateInfo) -> str:
        """The full name and the tags, as a plain-text tooltip."""
        tags = labels.listed(t.tags)
        return labels.plain_tooltip(t.name + (self.tr("\n标签：") + tags if tags else ""))

    def variants_text(self, t: TemplateInfo) -> str:
        """Which platforms have their own version."""
        present = [labels.platform(k) for k in VARIANT_KEYS if t.latest.variants.get(k)]
        return labels.listed(present) if present else self.tr("通用")

    def scope_text(self, t: TemplateInfo) -> str:
        """Private, a team's, or the whole office's."""
        if not t.shared:
            return self.tr("仅本人")
        return self.tr("小组：{team}").format(team=t.team) if t.team else self.tr("全单位")

    def state_text(self, t: TemplateInfo) -> str:
        """Retired, approved, or awaiting review."""
        if t.retired:
            return self.tr("已停用")
        if approved_latest(t):
            return self.tr("已审核")
        if t.approved is not None:
            return self.tr("第 {n} 版待审核").format(n=t.latest.number)
        return self.tr("待审核")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole:
            info: TemplateInfo = self.record(index.row())
            if info.retired:
                return QBrush(QColor("#80868b"))
            if index.column() == STATE_COLUMN:
                return QBrush(QColor("#1e6b2e" if approved_latest(info) else "#9a5b00"))
        return super().data(index, role)

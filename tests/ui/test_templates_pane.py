"""The templates pane: library by category and search, the editor's checks, and the live preview."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Comment, Template
from crisisdesk.ui.panes.templates import TemplatesPane
from tests.ui.templates_helpers import PaneFactory, build_library
from tests.ui.workspace_data import HOSTILE_TEXT


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Database]:
    db = build_library(tmp_path)
    yield db
    db.dispose()


@pytest.fixture
def make_pane(qtbot: QtBot) -> Iterator[PaneFactory]:
    factory = PaneFactory(qtbot)
    yield factory
    factory.close()


def names(pane: TemplatesPane) -> list[str]:
    return [pane.model.record(r).name for r in range(pane.model.rowCount())]


def test_library_groups_by_category_and_searches_name_text_and_tag(
    make_pane: PaneFactory, library: Database
) -> None:
    pane = make_pane(library)
    assert pane.model.rowCount() == 53
    assert pane.categories.item(0).text() == "全部（53）"
    labels = [pane.categories.item(i).text() for i in range(pane.categories.count())]
    assert len(labels) == 10 and any(t.startswith("危机声明（") for t in labels)
    apology = next(i for i in range(10) if pane.categories.item(i).text().startswith("道歉"))
    pane.categories.setCurrentRow(apology)
    assert pane.model.rowCount() > 0
    assert {pane.model.record(r).category.value for r in range(pane.model.rowCount())} == {
        "apology"
    }
    pane.categories.setCurrentRow(0)
    # Typing starts a short timer (debounced); the search itself runs as a background op.
    pane.search.setText("停水")
    assert pane._search_timer.isActive() and pane.model.rowCount() == 53
    pane._search_timer.timeout.emit()
    found = names(pane)
    assert "停水致歉" in found and len(found) < 53
    pane.search.setText("不存在的词语甲乙丙")
    pane.reload()
    assert pane.table_stack.is_empty() and not pane.list_stack.is_empty()


def test_library_shows_variants_scope_and_review_state(
    make_pane: PaneFactory, library: Database
) -> None:
    pane = make_pane(library)
    row = pane.model.row_of(1)
    assert pane.model.data(pane.model.index(row, 5)) == "已审核"
    draft = pane.model.row_of(2)
    assert pane.model.data(pane.model.index(draft, 5)) == "待审核"
    assert pane.model.data(pane.model.index(draft, 4)) == "全单位"
    platforms = {pane.model.data(pane.model.index(r, 3)) for r in range(pane.model.rowCount())}
    assert "通用" in platforms and any("微博" in p for p in platforms)
    pane.view.selectRow(row)
    assert pane.body.toPlainText() == "您好，给您带来不便，我们深表歉意。"
    assert "李审核" in pane.meta.text() and "第 2 版" in pane.meta.text()


def test_editor_flags_problems_with_positions_while_typing(
    make_pane: PaneFactory, library: Database
) -> None:
    pane = make_pane(library)
    pane.new_template()
    editor = pane.editor
    editor.name.setText("测试模板")
    editor.texts["body"].setPlainText("{用户昵陈}您好，{>测试模板}\n请拨打{热线 。")
    assert editor._timer.isActive()  # checked after a pause in typing, not on every key
    editor.check_now()
    items = [editor.problems.item(i).text() for i in range(editor.problems.count())]
    assert any("第 1 行第 1 列" in t and "是否要写“{用户昵称}”" in t for t in items)
    assert any("不能引用自身" in t for t in items)
    assert any("第 2 行" in t and "没有对应的" in t for t in items)
    assert len(editor.texts["body"].extraSelections()) == 3
    problem = editor.texts["body"].problem_at(2)  # hovering explains the underlined place
    assert problem is not None and problem.code == "unknown_variable"
    # Clicking a problem puts the cursor on it.
    editor.problems.itemClicked.emit(editor.problems.item(0))
    assert editor.texts["body"].textCursor().position() == 0
    editor.texts["body"].setPlainText("{用户昵称|网友}您好，{>标准结束语}")
    editor.check_now()
    assert editor.problems.item(0).text() == "未发现问题。"
    assert editor.texts["body"].extraSelections() == []


def test_weibo_tab_counts_toward_140_characters(make_pane: PaneFactory, library: Database) -> None:
    pane = make_pane(library)
    pane.new_template()
    editor = pane.editor
    editor.texts["body"].setPlainText("您好。")
    editor.text_tabs.setCurrentIndex(1)
    editor.texts["weibo"].setPlainText("{用户昵称}您好，" + "感谢关注。" * 10)
    editor.check_now()
    assert "约 59/140" in editor.text_tabs.tabText(1)
    editor.texts["weibo"].setPlainText("您好，" + "情况说明。" * 30)
    editor.check_now()
    assert "约 153/140" in editor.text_tabs.tabText(1)
    assert any(
        "超过 140 字" in editor.problems.item(i).text() for i in range(editor.problems.count())
    )
    assert "共 153 字，上限 140 字" in editor.preview_label.text()


def test_preview_renders_against_a_chosen_comment_as_plain_text(
    make_pane: PaneFactory, library: Database
) -> None:
    with library.session() as s:
        hostile = s.execute(select(Comment).where(Comment.text == HOSTILE_TEXT)).scalar_one()
        hostile_id, author = hostile.id, hostile.author_name
    pane = make_pane(library)
    pane.new_template()
    editor = pane.editor
    assert editor.comment_picker.count() == 31  # "no comment" and the 30 newest
    editor.comment_picker.setCurrentIndex(editor.comment_picker.findData(hostile_id))
    editor.texts["body"].setPlainText(
        "{用户昵称}您好，您反映的“{评论摘要}”已转{办理单位|相关部门}。"
    )
    editor.check_now()
    assert editor.preview.toPlainText() == f"{author}您好，您反映的“{HOSTILE_TEXT}”已转相关部门。"
    assert editor.preview.document().toPlainText().count("<b>") == 1  # shown, never interpreted
    editor.texts["body"].setPlainText("工单{工单编号}已受理。")
    editor.check_now()
    assert "变量“{工单编号}”没有取值" in editor.preview_label.text()


def test_save_creates_template_then_a_new_version_with_a_note(
    make_pane: PaneFactory, library: Database
) -> None:
    pane = make_pane(library)
    pane.new_template()
    editor = pane.editor
    editor.name.setText("积水路段绕行提示")
    editor.category.setCurrentIndex(editor.category.findData("guide"))
    editor.tags.setText("积水、绕行")
    editor.texts["body"].setPlainText("{用户昵称|网友}您好，请绕行。")
    editor.save()
    with library.session() as s:
        tpl = s.execute(select(Template).where(Template.name == "积水路段绕行提示")).scalar_one()
        assert tpl.tags == ["积水", "绕行"] and len(tpl.versions) == 1
        tid = tpl.id
    assert pane._selected_id == tid and "第 1 版" in editor.status.text()
    editor.texts["body"].setPlainText("{用户昵称|网友}您好，道路积水，请绕行。")
    editor.note.setText("补充原因")
    pane.activateWindow()
    editor.note.setFocus()
    make_pane.qtbot.waitUntil(lambda: editor.note.hasFocus(), timeout=1000)
    make_pane.qtbot.keyClick(editor.note, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with library.session() as s:
        versions = s.get(Template, tid).versions  # type: ignore[union-attr]
        assert [v.number for v in versions] == [1, 2] and versions[-1].note == "补充原因"
    assert pane.versions.model.rowCount() == 2
    assert not editor.dirty


def test_save_refused_with_the_reason_shown(make_pane: PaneFactory, library: Database) -> None:
    pane = make_pane(library)
    pane.new_template()
    pane.editor.name.setText("停水致歉")  # already in use
    pane.editor.texts["body"].setPlainText("您好。")
    pane.editor.save()
    assert "已有名为“停水致歉”的模板" in pane.editor.status.text()
    assert pane.editor.save_button.isEnabled()


def test_office_values_fill_the_preview(make_pane: PaneFactory, library: Database) -> None:
    from crisisdesk.ui.panes.templates_office import OfficeValuesDialog

    pane = make_pane(library)
    editor = pane.editor
    assert editor.office_button.isEnabled()  # "tester" holds the admin role
    editor.texts["body"].setPlainText("请致电{联系电话}。")
    editor.check_now()
    assert editor.preview.toPlainText() == "请致电{联系电话}。"
    dialog = OfficeValuesDialog(library, by=editor.operator_id, parent=editor)
    assert dialog.fields["热线"].text() == "12345"
    dialog.fields["联系电话"].setText("0571-88000000")
    dialog.save()
    assert dialog.saved
    editor.check_now()
    assert editor.preview.toPlainText() == "请致电0571-88000000。"
    reviewer = make_pane(library, username="li")
    assert not reviewer.editor.office_button.isEnabled()

"""Templates pane: versions with writer and approver, approval, coloured diffs, retiring, policy, usage."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from crisisdesk.services.template_policy import get_policy
from crisisdesk.services.template_usage import record_usage
from crisisdesk.services.templates import edit_template
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Comment, Operator, Template, TemplateVersion
from crisisdesk.ui.panes.templates_text import line_kinds
from tests.ui.templates_helpers import PaneFactory, build_library
from tests.ui.workspace_data import T0


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


def _operator_id(db: Database, username: str) -> int:
    with db.session() as s:
        return s.execute(select(Operator.id).where(Operator.username == username)).scalar_one()


def test_versions_list_writer_and_approver_and_diff_is_coloured(
    make_pane: PaneFactory, library: Database
) -> None:
    pane = make_pane(library)
    pane.view.selectRow(pane.model.row_of(1))  # 停水致歉: v1 draft, v2 approved by 李审核
    panel = pane.versions
    assert panel.model.rowCount() == 2
    newest = [panel.model.data(panel.model.index(0, c)) for c in range(6)]
    assert newest[0] == "第 2 版" and newest[3] == "李审核" and newest[4] != ""
    oldest = [panel.model.data(panel.model.index(1, c)) for c in range(6)]
    assert oldest[3] == "待审核" and oldest[1] == "系统"
    kinds = dict(line_kinds(panel.diff_view))
    assert kinds["-旧版本"] == "#b3261e"
    assert kinds["+您好，给您带来不便，我们深表歉意。"] == "#1e6b2e"
    assert panel.diff_view.isReadOnly()


def test_approve_refuses_self_approval_until_policy_allows_it(
    make_pane: PaneFactory, library: Database
) -> None:
    pane = make_pane(library)  # "tester": every role, the writer of the new version
    pane.view.selectRow(pane.model.row_of(2))
    pane.editor.texts["body"].setPlainText("阶梯水价按年度用水量分三档计价。")
    pane.editor.note.setText("写明分档")
    pane.editor.save()
    panel = pane.versions
    assert panel.model.rowCount() == 2 and panel.approve_button.isEnabled()
    assert "写明分档" in panel.model.data(panel.model.index(0, 5))
    panel.approve_selected()
    assert "不能由撰写人本人审核" in panel.action_note.text()
    # The admin changes the office policy, then approval goes through.
    assert panel.policy_button.isEnabled()
    panel.allow_self.setChecked(True)
    panel.require_approval.setChecked(True)
    panel.save_policy()
    with library.session() as s:
        policy = get_policy(s)
        assert policy.allow_self_approval and policy.require_approval
    panel.table.selectRow(0)
    panel.approve_selected()
    assert panel.model.data(panel.model.index(0, 3)) == "tester"
    assert "第 2 版已于" in pane.meta.text()
    assert pane.model.data(pane.model.index(pane.model.row_of(2), 5)) == "已审核"


def test_reviewer_may_approve_but_not_change_policy(
    make_pane: PaneFactory, library: Database
) -> None:
    with library.session() as s:
        edit_template(s, 2, body="新的说明文字。", note="草稿")
    pane = make_pane(library, username="li")  # 李审核: reviewer only
    pane.view.selectRow(pane.model.row_of(2))
    panel = pane.versions
    assert not panel.policy_button.isEnabled() and not panel.require_approval.isEnabled()
    assert panel.policy_note.text() == "仅管理员可修改"
    panel.approve_selected()
    with library.session() as s:
        newest = (
            s.execute(
                select(TemplateVersion)
                .where(TemplateVersion.template_id == 2)
                .order_by(TemplateVersion.number.desc())
            )
            .scalars()
            .first()
        )
        assert newest is not None and newest.approved_by_id == _operator_id(library, "li")


def test_retire_and_restore_keep_history(make_pane: PaneFactory, library: Database) -> None:
    pane = make_pane(library)
    pane.view.selectRow(pane.model.row_of(1))
    pane.versions.toggle_retired()
    assert pane.model.row_of(1) == -1  # hidden from the library
    pane.show_retired.setChecked(True)
    row = pane.model.row_of(1)
    assert pane.model.data(pane.model.index(row, 5)) == "已停用"
    pane.view.selectRow(row)
    assert pane.versions.model.rowCount() == 2 and pane.versions.retire_button.text() == "恢复模板"
    assert pane.body.isReadOnly() and not pane.editor.save_button.isEnabled()
    pane.versions.toggle_retired()
    with library.session() as s:
        tpl = s.get(Template, 1)
        assert tpl is not None and not tpl.retired and len(tpl.versions) == 2
    assert not pane.body.isReadOnly()


def test_usage_shows_times_last_use_people_and_outcome(
    make_pane: PaneFactory, library: Database
) -> None:
    tester = make_pane(library).me
    assert tester is not None
    with library.session() as s:
        comment = s.execute(select(Comment).where(Comment.author_id == "u5")).scalars().first()
        assert comment is not None
        comment.sentiment_score = -0.6
        version = (
            s.execute(
                select(TemplateVersion.id)
                .where(TemplateVersion.template_id == 1)
                .order_by(TemplateVersion.number.desc())
            )
            .scalars()
            .first()
        )
        record_usage(
            s,
            template_version_ids=[version],  # type: ignore[list-item]
            reply_id=None,
            comment_id=comment.id,
            operator_id=tester.id,
            used_at=comment.created_at + timedelta(seconds=1),
        )
        s.add(
            Comment(
                account_id=comment.account_id,
                platform=comment.platform,
                external_id="later",
                author_id="u5",
                author_name=comment.author_name,
                text="谢谢，已经来水了",
                created_at=T0 + timedelta(hours=1),
                sentiment_score=0.5,
            )
        )
    pane = make_pane(library)
    pane.tabs.setCurrentWidget(pane.usage)
    usage = pane.usage
    assert not usage.stack.is_empty()
    row = usage.model.row_of(1)
    cells = [usage.model.data(usage.model.index(row, c)) for c in range(9)]
    assert cells[0] == "停水致歉" and cells[2] == "1" and cells[3] != ""
    assert cells[4] == "tester（1）" and cells[5] == "1" and cells[6] == ""
    usage.table.doubleClicked.emit(usage.model.index(row, 0))
    assert pane.editor.template_id == 1 and pane.tabs.currentWidget() is pane.editor

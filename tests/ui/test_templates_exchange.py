"""Templates pane: importing with conflicts shown first, exporting, the “试一试” suggestions, empty state."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from crisisdesk.services import template_suggest
from crisisdesk.services.template_io import OnConflict
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Template, TemplateVersion
from crisisdesk.ui.panes.templates_import import TemplateImportDialog, export_library
from crisisdesk.ui.panes.templates_text import line_kinds
from tests.ui.templates_helpers import PaneFactory, build_library
from tests.ui.workspace_data import new_db


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


def _library_file(tmp_path: Path) -> Path:
    path = tmp_path / "兄弟单位.yaml"
    doc = {
        "schema_version": 1,
        "templates": [
            {
                "name": "停水致歉",
                "category": "道歉",
                "body": "{用户昵称|网友}您好，停水给您添麻烦了。",
            },
            {"name": "夜间施工说明", "category": "解释", "body": "您好，夜间施工已报备，请谅解。"},
        ],
    }
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def _versions(db: Database, name: str) -> int:
    with db.session() as s:
        return s.execute(
            select(func.count(TemplateVersion.id))
            .join(Template, Template.id == TemplateVersion.template_id)
            .where(Template.name == name)
        ).scalar_one()


def test_import_shows_conflicts_and_their_diff_before_writing(
    qtbot: QtBot, library: Database, tmp_path: Path
) -> None:
    path = _library_file(tmp_path)
    dialog = TemplateImportDialog(library, by=None, path=path)
    qtbot.addWidget(dialog)
    assert "将新增 1 个模板" in dialog.summary.toPlainText()
    assert "同名但内容不同 1 个" in dialog.summary.toPlainText()
    assert dialog.conflicts.count() == 1 and dialog.conflicts.item(0).text() == "停水致歉"
    kinds = dict(line_kinds(dialog.diff_view))
    assert kinds["-您好，给您带来不便，我们深表歉意。"] == "#b3261e"
    assert kinds["+{用户昵称|网友}您好，停水给您添麻烦了。"] == "#1e6b2e"
    # Nothing has been written yet.
    assert _versions(library, "夜间施工说明") == 0 and _versions(library, "停水致歉") == 2
    assert dialog.on_conflict() is OnConflict.SKIP and dialog.import_button.isEnabled()
    dialog.new_version.setChecked(True)
    dialog.do_import()
    assert dialog.result_report is not None
    assert dialog.result_report.new_versions == ["停水致歉"]
    assert _versions(library, "夜间施工说明") == 1 and _versions(library, "停水致歉") == 3


def test_import_skip_keeps_ours_and_bad_files_import_nothing(
    qtbot: QtBot, library: Database, tmp_path: Path
) -> None:
    dialog = TemplateImportDialog(library, by=None, path=_library_file(tmp_path))
    qtbot.addWidget(dialog)
    dialog.do_import()
    assert dialog.result_report is not None and dialog.result_report.skipped == ["停水致歉"]
    assert _versions(library, "停水致歉") == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema_version: 1\ntemplates:\n  - {name: 坏模板, category: 道歉, body: '{未知变量'}\n",
        encoding="utf-8",
    )
    dialog = TemplateImportDialog(library, by=None, path=bad)
    qtbot.addWidget(dialog)
    assert "未导入任何模板" in dialog.summary.toPlainText()
    assert not dialog.import_button.isEnabled()


def test_export_then_import_of_the_same_file_changes_nothing(
    qtbot: QtBot, library: Database, tmp_path: Path
) -> None:
    out = tmp_path / "本单位.xlsx"
    assert export_library(library, out, None) == 53
    dialog = TemplateImportDialog(library, by=None, path=out)
    qtbot.addWidget(dialog)
    assert "内容与本工作区相同、不作改动 53 个" in dialog.summary.toPlainText()
    assert not dialog.import_button.isEnabled()


def test_trial_box_ranks_suggestions_with_reasons(
    make_pane: PaneFactory, library: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The ranking is the service's; the analysis models are not what this test is about.
    monkeypatch.setattr(
        template_suggest,
        "read_text",
        lambda text: template_suggest.CommentReading(None, (), text),
    )
    pane = make_pane(library)
    trial = pane.trial
    trial.run()
    assert trial.status.text() == "请先粘贴一条评论。"
    trial.input.setPlainText("网传明天全市停水，是真的吗？")
    trial.run()
    assert 0 < trial.model.rowCount() <= 5
    first = [trial.model.data(trial.model.index(0, c)) for c in range(5)]
    assert first[0] == "1" and first[4]  # ranked, with reasons
    categories = {trial.model.data(trial.model.index(r, 2)) for r in range(trial.model.rowCount())}
    assert "澄清" in categories
    trial.table.doubleClicked.emit(trial.model.index(0, 0))
    assert pane.editor.template_id == trial.model.record(0).id


def test_empty_workspace_says_what_will_fill_it(make_pane: PaneFactory, tmp_path: Path) -> None:
    db = new_db(tmp_path)
    try:
        pane = make_pane(db)
        assert pane.list_stack.is_empty() and "暂无模板" in pane.list_stack.label.text()
    finally:
        db.dispose()

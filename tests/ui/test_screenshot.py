"""`crisisdesk screenshot` writes a PNG of the requested size showing the requested pane."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from crisisdesk.cli import main
from crisisdesk.storage.db import Database


@pytest.mark.parametrize("pane", ["inbox", "trends"])
def test_screenshot_writes_a_png_of_the_right_size(
    qtbot: QtBot, workspace: Database, tmp_path: Path, pane: str
) -> None:
    out = tmp_path / f"{pane}.png"
    code = main(
        [
            "screenshot",
            "--db",
            workspace.url,
            "--pane",
            pane,
            "--out",
            str(out),
            "--size",
            "900x640",
        ]
    )
    assert code == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 640)
    # Not a blank frame: a rendered window has many distinct colours.
    colours = {image.pixel(x, y) for x in range(0, 900, 15) for y in range(0, 640, 15)}
    assert len(colours) > 5


def test_screenshot_refuses_a_bad_output_path(
    workspace: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["screenshot", "--db", workspace.url, "--out", str(tmp_path / "x.jpg")])
    assert code != 0
    assert ".png" in capsys.readouterr().err


def test_screenshot_rejects_a_malformed_size(workspace: Database, tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(
            ["screenshot", "--db", workspace.url, "--out", str(tmp_path / "x.png"), "--size", "big"]
        )

"""The English catalogue covers every interface string, and the shipped .qm matches the .ts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from crisisdesk.paths import RESOURCES

ROOT = RESOURCES.parent
TS = RESOURCES / "i18n" / "crisisdesk_en.ts"
QM = RESOURCES / "i18n" / "crisisdesk_en.qm"


def _tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    found = str(path) if path.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {
        (ctx.findtext("name") or "", msg.findtext("source") or ""): msg
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    }


def test_every_string_is_translated() -> None:
    messages = _messages(TS)
    assert len(messages) > 100
    untranslated = []
    for (_context, source), message in messages.items():
        translation = message.find("translation")
        done = translation is not None and translation.get("type") != "unfinished"
        if not done or not (translation.text or "").strip():  # type: ignore[union-attr]
            untranslated.append(source)
    assert untranslated == []


def test_catalogue_matches_the_sources(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "crisisdesk" / "ui").rglob("*.py"))
    sources.append(str(ROOT / "crisisdesk" / "app.py"))
    subprocess.run(
        [_tool("pyside6-lupdate"), *sources, "-ts", str(fresh), "-locations", "none"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert set(_messages(fresh)) == set(_messages(TS)), (
        "run pyside6-lupdate (resources/i18n/README.md)"
    )


def test_compiled_catalogue_is_current(tmp_path: Path) -> None:
    built = tmp_path / "built.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), str(TS), "-qm", str(built)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert built.read_bytes() == QM.read_bytes(), "run pyside6-lrelease (resources/i18n/README.md)"

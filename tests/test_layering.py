"""The core must run headless: nothing outside crisisdesk/ui imports Qt or pyqtgraph."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "crisisdesk"
QT_MODULES = ("PySide6", "pyqtgraph", "shiboken6")
ALLOWED = {PACKAGE / "app.py"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_no_qt_outside_ui() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if PACKAGE / "ui" in path.parents or path in ALLOWED:
            continue
        for name in _imports(path):
            if name.split(".")[0] in QT_MODULES:
                offenders.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert not offenders, "\n".join(offenders)


def test_no_qt_import_in_core_at_runtime() -> None:
    """Importing every core package and the CLI loads no Qt module."""
    code = (
        "import sys, importlib, pkgutil, crisisdesk\n"
        "for m in pkgutil.walk_packages(crisisdesk.__path__, 'crisisdesk.'):\n"
        "    if m.name.startswith(('crisisdesk.ui', 'crisisdesk.app')) or '.migrations' in m.name:\n"
        "        continue\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == ""


def test_connectors_and_analysis_know_nothing_of_storage() -> None:
    offenders = []
    for sub in ("connectors", "analysis"):
        for path in (PACKAGE / sub).rglob("*.py"):
            for name in _imports(path):
                if name.startswith(("crisisdesk.storage", "crisisdesk.services", "sqlalchemy")):
                    offenders.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert not offenders, "\n".join(offenders)

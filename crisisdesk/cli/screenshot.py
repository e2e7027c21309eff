"""`crisisdesk screenshot`: render one pane of the main window offscreen and save it as PNG."""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path
from typing import Any

from crisisdesk.cli import add_db_option
from crisisdesk.errors import UserFacingError

PANES = ("inbox", "templates", "trends", "activities", "accounts")
DEFAULT_SIZE = "1400x900"


def _size(value: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*", value)
    if not match:
        raise argparse.ArgumentTypeError(f"尺寸格式应为 宽x高，例如 {DEFAULT_SIZE}：{value!r}")
    width, height = int(match.group(1)), int(match.group(2))
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise argparse.ArgumentTypeError("宽度须在 320–8000、高度须在 240–8000 像素之间。")
    return width, height


def register(sub: Any) -> None:
    """Add the screenshot command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "screenshot", help="离屏渲染主窗口的某一页并保存为 PNG 图片"
    )
    add_db_option(p)
    p.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="使用演示工作区（首次使用时生成）",
    )
    p.add_argument("--pane", choices=PANES, default="inbox", help="要截取的页面（默认 inbox）")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.png", help="输出文件")
    p.add_argument(
        "--size",
        type=_size,
        default=_size(DEFAULT_SIZE),
        metavar="WxH",
        help="窗口尺寸（默认 1400x900）",
    )
    p.add_argument("--timeout", type=float, default=30.0, help="等待数据载入的最长秒数（默认 30）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Open the workspace as the GUI would, show the pane, wait for its data, save the PNG."""
    # Must be set before the QApplication exists: no display is needed or used.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    out: Path = args.out
    if out.suffix.lower() != ".png":
        raise UserFacingError(f"输出文件须以 .png 结尾：{out}")
    if not out.parent.exists():
        raise UserFacingError(f"输出目录不存在：{out.parent}")

    from crisisdesk.app import open_gui_workspace
    from crisisdesk.settings import load_settings
    from crisisdesk.ui import ops
    from crisisdesk.ui.application import create_application, resolve_language
    from crisisdesk.ui.main_window import MainWindow

    settings = load_settings()
    app = create_application(language=resolve_language(settings.language))
    db = open_gui_workspace(
        getattr(args, "db", None),
        demo=bool(getattr(args, "demo", False)),
        settings_url=settings.database_url,
        app=app,
    )
    window = MainWindow(db, remember_state=False)
    width, height = args.size
    window.resize(width, height)
    window.show()
    pane = window.show_pane(args.pane)
    deadline = time.monotonic() + args.timeout
    while not (
        pane.is_loaded()
        and window.status is not None
        and window.status.level is not None
        and ops.pending_ops() == 0
    ):
        if time.monotonic() > deadline:
            window.close()
            raise UserFacingError(f"等待页面数据载入超时（{args.timeout:g} 秒）。")
        app.processEvents()
        time.sleep(0.005)
    for _ in range(5):  # let layouts and the chart settle after the last rows arrived
        app.processEvents()
    image = window.grab()
    window.close()
    if not image.save(str(out), "PNG"):
        raise UserFacingError(f"无法写入图片文件：{out}")
    print(f"已保存 {out}（{image.width()}×{image.height()}）")
    return 0

"""The settings file (JSON in the user config directory); window state lives in QSettings."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from crisisdesk.errors import SettingsError
from crisisdesk.paths import config_dir


@dataclass
class Settings:
    """What the user can configure outside the database."""

    database_url: str | None = None
    operator: str | None = None  # the operator name this workstation acts as
    language: str = "zh_CN"
    extra: dict[str, Any] = field(default_factory=dict)


def settings_path() -> Path:
    """Path of the settings file."""
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; a missing file gives defaults, a corrupt one a clear error."""
    path = path or settings_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise SettingsError(
            f"无法读取设置文件 {path}：{exc.strerror or exc}",
            hint="请检查该文件的读取权限。",
        ) from exc
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(
            f"设置文件 {path} 已损坏，无法解析（{exc}）。",
            hint="请修正该文件，或将其改名备份后重新启动（将使用默认设置）。原文件未被改动。",
        ) from exc
    if not isinstance(data, dict):
        raise SettingsError(
            f"设置文件 {path} 的内容不是一个 JSON 对象。",
            hint="请修正该文件，或将其改名备份后重新启动。原文件未被改动。",
        )
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in data.items() if k in known}
    settings = Settings(**values)
    if settings.database_url is not None and not isinstance(settings.database_url, str):
        raise SettingsError(f"设置文件 {path} 中的 database_url 必须是字符串。")
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically (a crash never leaves a half-written file)."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)

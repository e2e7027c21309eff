"""What the HTTP platform connectors share: their construction and defensive reading of payload values."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, ClassVar

import requests

from crisisdesk.connectors.base import Connector, TokenSource
from crisisdesk.connectors.errors import PermanentError, Transient
from crisisdesk.connectors.http import HttpClient, HttpSettings
from crisisdesk.connectors.timeparse import from_unix, parse_flexible

# Ids above this cannot pass through a float (or JavaScript) exactly.
_EXACT_FLOAT = 2**53
AUTH_PLACES = ("header", "param", "both")


def number(value: Any) -> float | None:
    """value as a float, or None when it is missing, a flag, or not a number."""
    if type(value) is int:  # the usual case, first (a bool is not exactly an int)
        return float(value)
    if isinstance(value, bool):
        return None
    try:
        result = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return result if result == result else None  # NaN is not a number here


def id_text(value: Any) -> str | None:
    """A numeric id as its decimal text, whether sent as a JSON number or a string.

    Floats are accepted only while they are exact; an id that went through a float above 2**53
    is already wrong, and storing it would merge two comments.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if value >= 0 else None
    if isinstance(value, float):
        exact = value.is_integer() and 0 <= value < _EXACT_FLOAT
        return str(int(value)) if exact else None
    if isinstance(value, str):
        text = value.strip()
        return text if text.isascii() and text.isdigit() else None
    return None


def first_id(item: Mapping[str, Any], *keys: str) -> str | None:
    """The first of keys holding a valid numeric id (platforms send both "idstr" and "id")."""
    for key in keys:
        found = id_text(item.get(key))
        if found is not None:
            return found
    return None


def as_flag(value: Any) -> bool:
    """A JSON flag sent as true/false, 1/0 or their strings; anything else is False."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    if isinstance(value, (bool, int, float)):
        return bool(value)
    return False


def unix_time(value: Any) -> datetime | None:
    """Unix seconds (or milliseconds) as sent, number or string; None when absent or invalid."""
    seconds = number(value)
    if seconds is None or seconds <= 0:
        return None
    try:
        return from_unix(seconds)
    except (OverflowError, OSError, ValueError):
        return None


def loose_time(value: Any) -> datetime | None:
    """Any time format the export/parsing code knows; None when the value is absent or unreadable."""
    if value is None or value == "":
        return None
    try:
        return parse_flexible(value)
    except (ValueError, OverflowError):
        return None


def list_field(data: Mapping[str, Any], key: str, what: str) -> list[Any]:
    """data[key] as a list: absent or null means an empty page; anything else is a garbled answer."""
    raw = data.get(key)
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise Transient(f"{what}格式不正确。", hint="系统稍后会自动重试。")
    return raw


def auth_place(settings: Mapping[str, Any], default: str) -> str:
    """Where to send the access token ("header", "param" or "both"), from settings["auth_in"]."""
    place = str(settings.get("auth_in") or default).strip().lower()
    if place not in AUTH_PLACES:
        raise PermanentError(
            f"令牌发送方式设置有误：{place}",
            hint="auth_in 只能是 header、param 或 both。",
        )
    return place


class HttpConnector(Connector):
    """A connector that talks to one platform host: settings, token source, clock and session."""

    default_base_url: ClassVar[str]
    label: ClassVar[str]
    page_max: ClassVar[int]
    default_page_size: ClassVar[int]
    default_find_pages: ClassVar[int]
    # POSTs that read or fetch tokens and may be retried blindly; replies never are.
    idempotent_posts: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        *,
        settings: Mapping[str, Any],
        tokens: TokenSource,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.tokens = tokens
        self.clock = clock
        wanted = int(number(settings.get("page_size")) or self.default_page_size)
        self.page_size = max(1, min(self.page_max, wanted))
        self.find_pages = max(
            1, int(number(settings.get("find_reply_pages")) or self.default_find_pages)
        )
        self.base_url = str(settings.get("base_url") or self.default_base_url)
        self.http_settings = HttpSettings.from_settings(settings)
        self.client = HttpClient(
            self.base_url,
            platform_label=self.label,
            settings=self.http_settings,
            session=session,
            idempotent_post_paths=self.idempotent_posts,
        )
        self.configure()

    def configure(self) -> None:
        """Read the platform's own settings once the shared ones are set; the default reads none."""
        return None

    def close(self) -> None:
        """Close the HTTP session."""
        self.client.close()

    def reply_body(self, text: str, post_external_id: str | None, what: str) -> str:
        """The checked reply text; replying needs the id of the post (`what`) the comment is under."""
        body = self.check_reply_text(text)
        if not post_external_id:
            raise PermanentError(
                f"缺少该评论所属{what}的编号，无法回复。", hint="请重新同步该账号后再回复。"
            )
        return body

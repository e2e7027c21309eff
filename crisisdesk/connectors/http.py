"""One requests.Session per account: timeouts always, urllib3 retries, typed errors, no leaked tokens."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from crisisdesk import __version__
from crisisdesk.connectors.errors import (
    AuthExpired,
    PermanentError,
    RateLimited,
    Transient,
    scrub,
)

log = logging.getLogger(__name__)


class _ScrubFilter(logging.Filter):
    """Removes tokens from urllib3's debug lines, which print full URLs (WeChat puts the token there)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message without credentials; never drops a record."""
        record.msg = scrub(record.getMessage())
        record.args = ()
        return True


_scrub_filter = _ScrubFilter()
for _name in ("urllib3.connectionpool", "urllib3.util.retry", __name__):
    logging.getLogger(_name).addFilter(_scrub_filter)


class BoundedRetry(Retry):
    """Retry that leaves 429 to the caller (the sync service backs off) and caps Retry-After sleeps."""

    max_sleep: ClassVar[float] = 10.0

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        """Never retry 429 here: the sync service reschedules the account instead of blocking."""
        if status_code == 429:
            return False
        return super().is_retry(method, status_code, has_retry_after)

    def sleep_for_retry(self, response: BaseHTTPResponse) -> bool:
        """Honour Retry-After, but never block a worker longer than max_sleep."""
        retry_after = self.get_retry_after(response)
        if retry_after:
            time.sleep(min(retry_after, self.max_sleep))
            return True
        return False


@dataclass(frozen=True, slots=True)
class HttpSettings:
    """Timeouts and retry policy for one platform account."""

    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    retries: int = 3
    backoff_factor: float = 0.5

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> HttpSettings:
        """Read optional overrides (timeout, connect_timeout, retries, backoff) from account settings."""
        base = cls()
        read = float(settings.get("timeout", base.read_timeout))
        return cls(
            connect_timeout=float(settings.get("connect_timeout", min(base.connect_timeout, read))),
            read_timeout=read,
            retries=int(settings.get("retries", base.retries)),
            backoff_factor=float(settings.get("backoff", base.backoff_factor)),
        )


@dataclass(frozen=True, slots=True)
class HttpReply:
    """A response whose body was read: data is the parsed JSON, or None when it was not JSON."""

    status: int
    headers: Mapping[str, str]
    data: Any
    text: str

    @property
    def retry_after(self) -> float | None:
        """Seconds from a numeric Retry-After header, if present."""
        return parse_retry_after(self.headers.get("Retry-After"))


def parse_retry_after(value: str | None) -> float | None:
    """Parse a numeric Retry-After; HTTP-date values and garbage give None."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return max(0.0, seconds)


def _retry(settings: HttpSettings, methods: Iterable[str]) -> BoundedRetry:
    return BoundedRetry(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
        status=settings.retries,
        other=0,
        backoff_factor=settings.backoff_factor,
        backoff_max=10.0,
        status_forcelist=(500, 502, 503, 504),
        allowed_methods=frozenset(methods),
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )


class HttpClient:
    """A per-account session on base_url; POSTs are retried only on paths declared idempotent."""

    def __init__(
        self,
        base_url: str,
        *,
        platform_label: str,
        settings: HttpSettings | None = None,
        idempotent_post_paths: Iterable[str] = (),
        session: requests.Session | None = None,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise PermanentError(
                f"{platform_label}接口地址设置有误：{scrub(base_url)}",
                hint="请填写以 https:// 开头的完整地址，例如官方地址或本单位的网关地址。",
            )
        self.base_url = base_url.rstrip("/")
        self.host = parts.netloc
        self.label = platform_label
        self.settings = settings or HttpSettings()
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = f"CrisisDesk/{__version__}"
        # Connect errors happen before anything is sent, so BoundedRetry retries them for every
        # method; read errors and 5xx are retried only for the methods listed.
        reads = HTTPAdapter(max_retries=_retry(self.settings, ("GET", "HEAD")))
        self.session.mount("http://", reads)
        self.session.mount("https://", reads)
        safe_posts = HTTPAdapter(max_retries=_retry(self.settings, ("GET", "HEAD", "POST")))
        for path in idempotent_post_paths:
            self.session.mount(self.base_url + path, safe_posts)

    def close(self) -> None:
        """Close the pooled connections."""
        self.session.close()

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        form: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> HttpReply:
        """Send one request and read the body; network failures raise Transient/PermanentError."""
        url = self.base_url + path
        try:
            response = self.session.request(
                method,
                url,
                params=params,
                json=json_body,
                data=form,
                headers=dict(headers or {}),
                timeout=(self.settings.connect_timeout, self.settings.read_timeout),
                allow_redirects=False,
            )
            text = response.text
        except requests.Timeout as exc:
            raise Transient(
                f"连接{self.label}服务器（{self.host}）超时。",
                hint="可能是网络较慢或平台繁忙，系统稍后会自动重试。",
            ) from exc
        except requests.exceptions.SSLError as exc:
            raise PermanentError(
                f"{self.label}服务器（{self.host}）的安全证书校验失败。",
                hint="请检查接口地址、系统时间，以及单位网关是否替换了证书。",
            ) from exc
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            raise Transient(
                f"与{self.label}服务器（{self.host}）的连接中断。",
                hint="请检查网络；系统稍后会自动重试。若是在发送回复时中断，系统会先核对回复是否已发出。",
            ) from exc
        except requests.RequestException as exc:
            raise PermanentError(
                f"无法向{self.label}服务器（{self.host}）发出请求（{type(exc).__name__}）。",
                hint="请检查接口地址设置。",
            ) from exc
        data: Any
        try:
            data = response.json()
        except ValueError:
            data = None
        return HttpReply(response.status_code, response.headers, data, text)

    def raise_for_http(self, reply: HttpReply) -> None:
        """Map a non-success HTTP status (or an unreadable body) to a typed error."""
        status = reply.status
        if status == 429:
            raise RateLimited(
                f"{self.label}提示请求过于频繁（HTTP 429）。",
                retry_after=reply.retry_after,
                hint="系统将按平台要求暂停后再试。",
                http_status=status,
            )
        if status >= 500:
            raise Transient(
                f"{self.label}服务器暂时出错（HTTP {status}）。",
                retry_after=reply.retry_after,
                hint="系统稍后会自动重试。",
                http_status=status,
            )
        if status == 401:
            raise AuthExpired(
                f"{self.label}授权已失效（HTTP 401）。",
                hint="请在“账号管理”中重新授权该账号。",
                http_status=status,
            )
        if 300 <= status < 400:
            raise PermanentError(
                f"{self.label}接口返回了跳转（HTTP {status}），接口地址可能有误。",
                hint="请检查接口地址设置。",
                http_status=status,
            )
        if status >= 400:
            raise PermanentError(
                f"{self.label}拒绝了请求（HTTP {status}）。",
                hint="请检查账号权限和接口地址设置。",
                http_status=status,
            )
        if reply.data is None:
            looks_html = reply.text.lstrip()[:1] == "<"
            what = "一个网页（可能是网关错误页）" if looks_html else "无法解析的内容"
            raise Transient(
                f"{self.label}服务器返回了{what}，而不是接口数据。",
                hint="可能是平台或网关临时故障，系统稍后会自动重试。",
                http_status=status,
            )

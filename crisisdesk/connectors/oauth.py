"""OAuth2 authorization-code helpers: a one-shot loopback redirect catcher and pasted-code parsing."""

from __future__ import annotations

import html
import secrets
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from crisisdesk.connectors.errors import PermanentError

_PAGE = (
    "<!doctype html><meta charset='utf-8'><title>CrisisDesk</title>"
    "<p>{message}</p><p>现在可以关闭此页面，回到 CrisisDesk。</p>"
)


def new_state() -> str:
    """A random state value that ties the browser redirect to this authorisation attempt."""
    return secrets.token_urlsafe(16)


def code_from_text(text: str, *, expected_state: str | None = None) -> str:
    """Take the code from what the user pasted: the bare code or the whole redirected address."""
    pasted = text.strip()
    if not pasted:
        raise PermanentError(
            "未填写授权码。", hint="请粘贴浏览器地址栏中的完整地址或其中 code= 后面的内容。"
        )
    if "://" not in pasted and "code=" not in pasted:
        return pasted
    query = urlsplit(pasted).query if "://" in pasted else pasted.lstrip("?")
    params = parse_qs(query)
    if "error" in params:
        raise PermanentError(
            "平台未同意授权（用户取消或应用无权限）。",
            hint="请重新发起授权，并在平台页面上点击“授权”。",
        )
    codes = params.get("code")
    if not codes or not codes[0]:
        raise PermanentError(
            "粘贴的地址中没有授权码（code）。", hint="请确认复制的是授权完成后跳转到的地址。"
        )
    if expected_state is not None and params.get("state", [None])[0] != expected_state:
        raise PermanentError(
            "授权回调与本次授权请求不匹配，已拒绝。", hint="请重新发起授权，不要使用旧的授权链接。"
        )
    return codes[0]


def redirect_code(params: dict[str, list[str]], *, expected_state: str | None) -> str:
    """The code of a platform redirect; the state must match when one was sent."""
    if "error" in params:
        raise PermanentError(
            "平台未同意授权（用户取消或应用无权限）。",
            hint="请重新发起授权，并在平台页面上点击“授权”。",
        )
    codes = params.get("code") or [""]
    if not codes[0]:
        raise PermanentError("平台回调中没有授权码（code）。", hint="请重新发起授权。")
    if expected_state is not None and params.get("state", [None])[0] != expected_state:
        raise PermanentError(
            "授权回调与本次授权请求不匹配，已拒绝。", hint="请重新发起授权，不要使用旧的授权链接。"
        )
    return codes[0]


class LoopbackCatcher:
    """Listens once on 127.0.0.1 for the platform's redirect and hands back the code.

    The redirect URI registered with the platform must equal `redirect_uri` (fixed port, path
    "/callback"); port 0 picks a free port for platforms that accept any loopback port.
    """

    def __init__(self, *, port: int = 0, path: str = "/callback", state: str | None = None) -> None:
        self.path = path
        self.state = state
        self._result: str | None = None
        self._error: str | None = None
        self._done = threading.Event()
        catcher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path != catcher.path:
                    self.send_error(404)
                    return
                params = parse_qs(parts.query)
                if "code" not in params and "error" not in params:
                    # Not the platform's redirect: any local program can reach this port, so
                    # an unrelated request neither supplies a code nor ends the wait.
                    self.send_error(400)
                    return
                try:
                    code = redirect_code(params, expected_state=catcher.state)
                except PermanentError as exc:
                    catcher._error = exc.message
                    message = exc.message
                else:
                    catcher._result = code
                    message = "授权完成。"
                body = _PAGE.format(message=html.escape(message)).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                catcher._done.set()

            def log_message(self, format: str, *args: object) -> None:
                # The request line holds the code; keep it out of stderr.
                return None

        self._server = HTTPServer(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def redirect_uri(self) -> str:
        """The loopback address to register and pass as redirect_uri."""
        return f"http://127.0.0.1:{self._server.server_address[1]}{self.path}"

    def wait(self, timeout: float) -> str:
        """Block until the browser comes back; returns the code or raises PermanentError."""
        if not self._done.wait(timeout):
            raise PermanentError(
                "等待平台授权超时。", hint="请在浏览器中完成授权，或改为手动粘贴授权码。"
            )
        if self._error is not None or self._result is None:
            raise PermanentError(self._error or "授权未完成。", hint="请重新发起授权。")
        return self._result

    def close(self) -> None:
        """Stop listening."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=2)

    def __enter__(self) -> LoopbackCatcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

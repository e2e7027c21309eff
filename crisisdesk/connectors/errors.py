"""Typed connector errors whose messages are always safe to show (no tokens, no secrets)."""

from __future__ import annotations

import re

from crisisdesk.errors import UserFacingError

# Query/form/JSON fields that may carry a credential; their values never reach a message.
_SECRET_NAMES = (
    "access_token",
    "access-token",
    "refresh_token",
    "client_secret",
    "secret",
    "appsecret",
    "code",
    "password",
    "token",
)
_NAMES = "|".join(re.escape(n) for n in sorted(_SECRET_NAMES, key=len, reverse=True))
_QUERY_RE = re.compile(rf"(?i)(?<![A-Za-z0-9_])({_NAMES})=([^&\s#'\"]+)")
_JSON_RE = re.compile(rf"(?i)([\"']({_NAMES})[\"']\s*:\s*[\"'])([^\"']*)([\"'])")
_AUTH_HEADER_RE = re.compile(r"(?i)(authorization:\s*(?:OAuth2|Bearer)\s+)\S+")
# Douyin access tokens look like "act.xxxxx"; refresh tokens "rft.xxxxx".
_DOUYIN_TOKEN_RE = re.compile(r"\b(act|rft|clt)\.[A-Za-z0-9._\-]{8,}")


def scrub(text: str) -> str:
    """Return text with every credential-looking value replaced by ***."""
    text = _QUERY_RE.sub(lambda m: f"{m.group(1)}=***", text)
    text = _JSON_RE.sub(lambda m: f"{m.group(1)}***{m.group(4)}", text)
    text = _AUTH_HEADER_RE.sub(lambda m: f"{m.group(1)}***", text)
    return _DOUYIN_TOKEN_RE.sub(lambda m: f"{m.group(1)}.***", text)


class ConnectorError(UserFacingError):
    """Base of every error a connector raises; message and hint are scrubbed of secrets."""

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        platform_code: str | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(scrub(message), hint=scrub(hint))
        self.platform_code = platform_code
        self.http_status = http_status


class AuthExpired(ConnectorError):
    """The token is expired, revoked or invalid: the account must be re-authorised."""


class _WithRetryAfter(ConnectorError):
    """A failure after which the platform may say how long to wait (retry_after, None: unknown)."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        hint: str = "",
        platform_code: str | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(message, hint=hint, platform_code=platform_code, http_status=http_status)
        self.retry_after = retry_after


class RateLimited(_WithRetryAfter):
    """The platform asked us to slow down; wait retry_after seconds (None: unknown) before retrying."""


class Transient(_WithRetryAfter):
    """A temporary failure (network, timeout, busy server, garbled answer); retrying later may work."""


class PermanentError(ConnectorError):
    """A failure that retrying will not fix (no permission, missing post, bad settings)."""


class ReplyRejected(PermanentError):
    """The platform (or our own pre-check) refused the reply's content: too long, duplicate, restricted."""


class CredentialError(UserFacingError):
    """Secrets cannot be stored or read safely (no secure keyring, unreadable entry)."""


class ScenarioError(UserFacingError):
    """A simulator scenario file is missing or invalid; the message names the file and field."""

"""Platform connectors: one module per platform, plain records out, typed errors; no DB, no Qt."""

from __future__ import annotations

from crisisdesk.connectors.base import (
    AccountCheck,
    Connector,
    FetchPage,
    MemoryTokens,
    RemoteComment,
    RemotePost,
    SentReply,
    TokenSource,
)
from crisisdesk.connectors.errors import (
    AuthExpired,
    ConnectorError,
    CredentialError,
    PermanentError,
    RateLimited,
    ReplyRejected,
    ScenarioError,
    Transient,
)
from crisisdesk.connectors.registry import create_connector

__all__ = [
    "AccountCheck",
    "AuthExpired",
    "Connector",
    "ConnectorError",
    "CredentialError",
    "FetchPage",
    "MemoryTokens",
    "PermanentError",
    "RateLimited",
    "RemoteComment",
    "RemotePost",
    "ReplyRejected",
    "ScenarioError",
    "SentReply",
    "TokenSource",
    "Transient",
    "create_connector",
]

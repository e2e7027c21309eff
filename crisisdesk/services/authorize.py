"""The OAuth2 code flow's steps without Qt, shared by the authorisation dialog and `crisisdesk auth`.

Kept free of Qt on purpose so the command line can use it; it belongs with the services
(a `services/authorization.py`) once the lead moves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from crisisdesk.connectors.base import TokenBundle, utc_from_timestamp
from crisisdesk.connectors.credentials import CredentialStore
from crisisdesk.domain import Platform
from crisisdesk.services.accounts import find_account, save_credentials
from crisisdesk.storage.db import Database

OAUTH_PLATFORMS = (Platform.WEIBO, Platform.DOUYIN)
OFFICIAL_HOSTS = {
    Platform.WEIBO: "https://api.weibo.com",
    Platform.WECHAT: "https://api.weixin.qq.com",
    Platform.DOUYIN: "https://open.douyin.com",
}
# The redirect address registered with the platform must match exactly, so the port is fixed.
DEFAULT_PORT = 8710
WAIT_SECONDS = 300.0


@dataclass(frozen=True)
class AppKeys:
    """The platform app's id and secret as stored with the account (either may be empty)."""

    keyring_ref: str | None
    client_id: str
    client_secret: str


def load_app_keys(db: Database, store: CredentialStore, name: str) -> AppKeys:
    """Where the account's secrets live and the app key/secret stored there."""
    with db.session() as session:
        ref = find_account(session, name).keyring_ref
    bundle = store.get(ref) if ref else None
    bundle = bundle or {}
    client_id = str(bundle.get("client_id") or bundle.get("client_key") or "")
    return AppKeys(ref, client_id, str(bundle.get("client_secret") or ""))


def exchange(
    platform: Platform,
    *,
    client_id: str,
    client_secret: str,
    code: str,
    redirect_uri: str,
    base_url: str | None,
) -> TokenBundle:
    """Trade the one-time code for a token bundle at the platform."""
    if platform is Platform.WEIBO:
        from crisisdesk.connectors import weibo

        return weibo.exchange_code(
            client_id=client_id,
            client_secret=client_secret,
            code=code,
            redirect_uri=redirect_uri,
            base_url=base_url or weibo.DEFAULT_BASE_URL,
        )
    from crisisdesk.connectors import douyin_api

    return douyin_api.exchange_code(
        client_key=client_id,
        client_secret=client_secret,
        code=code,
        base_url=base_url or douyin_api.DEFAULT_BASE_URL,
    )


def authorize_address(
    platform: Platform, *, client_id: str, redirect_uri: str, state: str, base_url: str | None
) -> str:
    """The platform page where the user grants access."""
    if platform is Platform.WEIBO:
        from crisisdesk.connectors import weibo

        return weibo.authorize_url(
            client_id, redirect_uri, state=state, base_url=base_url or weibo.DEFAULT_BASE_URL
        )
    from crisisdesk.connectors import douyin_api

    return douyin_api.authorize_url(
        client_id, redirect_uri, state=state, base_url=base_url or douyin_api.DEFAULT_BASE_URL
    )


def store_bundle(
    db: Database, store: CredentialStore, name: str, bundle: TokenBundle
) -> datetime | None:
    """Merge the new tokens into the account's keyring entry; returns the token expiry."""
    merged = save_credentials(db, store, name, bundle)
    expires = merged.get("expires_at")
    return utc_from_timestamp(float(expires)) if isinstance(expires, int | float) else None


def ready_to_sync(db: Database, name: str) -> None:
    """After new tokens, make an account that is not paused due again (clears "authorisation expired")."""
    from crisisdesk.services.accounts import ConnectorPool
    from crisisdesk.services.sync import SyncService

    with db.session() as session:
        account = find_account(session, name)
        account_id, paused = account.id, account.paused
    if not paused:
        # Resuming an account that is not paused only resets its status and next attempt.
        SyncService(db, ConnectorPool()).set_paused(account_id, False)

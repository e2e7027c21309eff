"""CrisisDesk: a local-first console for offices that run social media accounts."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "CrisisDesk"
APP_ORG = "CrisisDesk"

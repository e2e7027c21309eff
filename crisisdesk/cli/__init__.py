"""Command-line entry: the GUI by default, headless subcommands otherwise.

Each module in this package that defines ``register(subparsers)`` adds its own
subcommand(s); the parser sets ``func`` and the command returns an exit code.
Command modules import heavy code (analysis, storage, Qt) inside their
functions, so ``crisisdesk --version`` and the GUI start stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from crisisdesk import __version__
from crisisdesk.errors import UserFacingError


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="crisisdesk",
        description="CrisisDesk 政务新媒体互动与舆情应对工作台",
    )
    parser.add_argument("--version", action="version", version=f"CrisisDesk {__version__}")
    add_db_option(parser)
    parser.add_argument(
        "--demo", action="store_true", help="open the demo workspace (built on first use)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Every command takes --db URL (default: settings, then the environment)."""
    parser.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="database URL (sqlite:///PATH or postgresql+psycopg://...); "
        "default: CRISISDESK_DATABASE_URL, then settings, then the local workspace",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the chosen command; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if not hasattr(args, "db"):
        args.db = None
    try:
        if args.command is None:
            from crisisdesk.app import run_gui

            return run_gui(db_url=args.db, demo=args.demo)
        func = args.func
        return int(func(args))
    except UserFacingError as exc:
        print(f"crisisdesk: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130

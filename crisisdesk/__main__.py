"""`python -m crisisdesk` and the `crisisdesk` console script."""

from __future__ import annotations

import sys

from crisisdesk.cli import main as _cli_main


def main() -> None:
    """Run the command line (or the GUI when no command is given)."""
    sys.exit(_cli_main(sys.argv[1:]))


if __name__ == "__main__":
    main()

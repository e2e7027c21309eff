"""`python -m crisisdesk` and the `crisisdesk` console script."""

from __future__ import annotations

import os
import sys

# A desktop program gains nothing from BLAS threads on small products, and OpenBLAS's
# helper thread spins on a core after each one; set before anything imports numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from crisisdesk.cli import main as _cli_main


def main() -> None:
    """Run the command line (or the GUI when no command is given)."""
    sys.exit(_cli_main(sys.argv[1:]))


if __name__ == "__main__":
    main()

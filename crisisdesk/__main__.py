"""`python -m crisisdesk` and the `crisisdesk` console script."""

from __future__ import annotations

import os
import sys

# A desktop program gains nothing from BLAS threads on small products, and OpenBLAS's
# helper thread spins on a core after each one; set before anything imports numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from crisisdesk.cli import main as _cli_main

# analysis.process.FROZEN_FLAG: how a frozen build (no `python -m`) starts its analysis
# process. Spelt out here so that ordinary start-up imports nothing more.
ANALYSIS_PROCESS_FLAG = "--analysis-process"


def main() -> None:
    """Run the command line (or the GUI when no command is given)."""
    if sys.argv[1:2] == [ANALYSIS_PROCESS_FLAG]:
        from crisisdesk.analysis.process_main import main as serve

        sys.exit(serve())
    sys.exit(_cli_main(sys.argv[1:]))


if __name__ == "__main__":
    main()

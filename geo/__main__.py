"""``python -m geo``: the same command line as the ``geo`` console script."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())

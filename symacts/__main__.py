"""``python -m symacts``: the same command line as the ``symacts`` script."""

import sys

from symacts.cli import main

sys.exit(main())

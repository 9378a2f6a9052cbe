"""`python -m recordsafe` runs the same entry point as the `recordsafe` command."""

import sys

from recordsafe.cli import main

sys.exit(main())

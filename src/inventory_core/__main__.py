"""``python -m inventory_core``: the command line (see ``inventory_core.cli``)."""

import sys

from inventory_core.cli import main

sys.exit(main())

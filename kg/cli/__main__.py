"""``python -m kg.cli``: the ``kg`` command without its installed script (the tests run it so)."""

import sys

from . import main

sys.exit(main())

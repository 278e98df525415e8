"""``python -m extractor`` is the ``thainews`` command."""

import sys

from .cli import main

sys.exit(main())

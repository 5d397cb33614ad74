"""``python -m smmdesk``: the command line (``smm-desk-cli``)."""

from smmdesk.cli import main

raise SystemExit(main())

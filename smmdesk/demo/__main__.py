"""``python -m smmdesk.demo``: the demo panel's simulator on its own, for scripts and benches."""

from smmdesk.demo.server import main

raise SystemExit(main())

"""Kept for scripts written against earlier versions: the simulator now lives in
``smmdesk.demo.server`` (``python -m smmdesk.simulator`` still starts it)."""

from smmdesk.demo.server import LoggedRequest, PanelSimulator, main

__all__ = ["LoggedRequest", "PanelSimulator", "main"]

if __name__ == "__main__":
    raise SystemExit(main())

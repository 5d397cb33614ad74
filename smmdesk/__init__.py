"""SMM Desk core: the panel API client, service types, store, secrets, sync and simulator.

Nothing in this package imports Qt widgets or the ``ui`` package.
"""

__all__ = ["APP_NAME", "ORG_NAME", "__version__"]

APP_NAME = "SMM Desk"
ORG_NAME = "SMM Desk"
__version__ = "0.1.0"

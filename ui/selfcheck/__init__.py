"""``main.py --self-check``: drive the real window offscreen through a list of steps.

``runner`` holds the machinery (``SelfCheck``, ``@step``, ``main``); ``steps`` the steps, imported
by the runner at run time (``STEP_MODULES``) so that importing this package stays light.
"""

from ui.selfcheck.runner import SelfCheck, SelfCheckError, main, step

__all__ = ["SelfCheck", "SelfCheckError", "main", "step"]

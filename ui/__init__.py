"""SMM Desk's GUI: every widget, model, view and dialog (the core never imports it)."""

from __future__ import annotations

import sys


def _pin_singletons() -> None:
    """Work around PySide6 6.12 on Python 3.11: the bindings hand out ``None``/``True`` without
    taking a reference in places (``SignalInstance.emit()`` returns ``True``; every call of a
    Python ``QRunnable.run()`` override drops a reference to ``None``) — written for Python
    3.12+, where these singletons are immortal. On 3.11 each call leaks one reference
    *downwards*, and after a few hundred calls CPython aborts with "none_dealloc"/"bool_dealloc"
    or crashes. These objects are never freed anyway, so give them a reference count no
    program can exhaust. Measured with ``sys.getrefcount``.
    """
    if sys.version_info >= (3, 12):
        return
    import ctypes

    for singleton in (None, True, False):
        # ob_refcnt is the first field of every PyObject (non-debug builds).
        ref = ctypes.c_ssize_t.from_address(id(singleton))
        if ref.value < 1 << 40:
            ref.value += 1 << 40


_pin_singletons()

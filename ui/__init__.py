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


def _cheaper_pyside_source_check() -> None:
    """PySide6 6.12's import hook asks of every module imported after it (about 250 at
    start-up) whether its source mentions "PySide6" (``shibokensupport.feature``: a module that
    does may switch ``__feature__`` options). It asks with ``inspect.getsource``, which reads,
    decodes and splits each file and keeps its lines in ``linecache``: 60-120 ms of the
    start-up, measured, and the lines held for the process's life. The same question is
    answered here from the file's bytes, read once and not kept; anything that is not a plain
    ``.py`` file (extensions, the frozen app's archive) still goes to PySide's own check."""
    import PySide6  # noqa: F401  (imports shibokensupport.feature and installs the hook)

    feature = sys.modules.get("shibokensupport.feature")
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or upstream is None or getattr(upstream, "smmdesk", False):
        return

    def uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(upstream(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(upstream(module))

    uses_pyside.smmdesk = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]


_pin_singletons()
_cheaper_pyside_source_check()

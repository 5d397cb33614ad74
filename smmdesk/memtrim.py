"""Give the memory a large, short-lived piece of work freed back to the system.

CPython returns small objects' memory to the C allocator, but glibc's allocator keeps freed
heap memory in the process (its top is only trimmed when it is free at the very top): after
reading 200,000 services on a worker, sorting them and building the comparison indexes, tens
of MB stay resident though nothing uses them. ``malloc_trim(0)`` hands the free pages of every
arena back. Elsewhere (macOS, Windows, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import logging
import platform
from collections.abc import Callable

log = logging.getLogger(__name__)

_trim: Callable[[int], int] | None = None
_looked = False


def _malloc_trim() -> Callable[[int], int] | None:
    global _trim, _looked
    if not _looked:
        _looked = True
        if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
            try:
                _trim = ctypes.CDLL(None).malloc_trim
            except (OSError, AttributeError):
                _trim = None
    return _trim


def release() -> bool:
    """Return freed heap memory to the system now (a few ms); False where not available."""
    trim = _malloc_trim()
    if trim is None:
        return False
    try:
        trim(0)
    except OSError:  # never worth failing for
        log.debug("malloc_trim failed", exc_info=True)
        return False
    return True

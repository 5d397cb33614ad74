"""API keys in the OS keyring (service "SMM Desk", one entry per panel id).

Always through ``keyring``'s module-level API, so ``keyring.set_keyring`` (tests, the GUI's
settings) takes effect immediately. When there is no usable keyring (the ``fail`` or ``null``
backend, or a chainer with nothing behind it) the keys are kept in this process's memory only and
``available`` is False so the GUI can say "keys are kept for this session only". Nothing is ever
written to a file by this module.

A locked or failing keyring raises ``SecretsError`` with a clear message; the key is never in it.
"""

from __future__ import annotations

import logging
import threading
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

from smmdesk import APP_NAME, redact

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SERVICE_NAME = APP_NAME

# Keys kept for this session when there is no keyring: process memory, never disk.
_memory_lock = threading.Lock()
_memory: dict[str, str] = {}


class SecretsError(Exception):
    """The keyring could not be used. The message is safe to show; it never holds a key."""


class KeyringLockedError(SecretsError):
    pass


class MissingKeyError(SecretsError):
    """No key is stored for this panel (e.g. kept in memory by an earlier session)."""


def _keyring() -> ModuleType:
    """The ``keyring`` module. Deliberately lazy: it and its backends' imports (~80 ms) load
    when a key is first needed (after start-up), not while the window is being built."""
    import keyring
    import keyring.errors

    return keyring


@cache
def _errors() -> tuple[type[BaseException], ...]:
    """What a failing keyring backend raises."""
    errors: list[type[BaseException]] = [_keyring().errors.KeyringError]
    try:
        from secretstorage.exceptions import SecretStorageException

        errors.append(SecretStorageException)
    except ImportError:  # pragma: no cover - not on every platform
        pass
    try:
        from jeepney.wrappers import DBusErrorResponse

        errors.append(DBusErrorResponse)
    except ImportError:  # pragma: no cover
        pass
    try:
        import dbus  # type: ignore[import-not-found]

        errors.append(dbus.exceptions.DBusException)
    except ImportError:
        pass
    # The D-Bus socket itself can vanish (session ended): an OSError from jeepney.
    errors.append(OSError)
    return tuple(errors)



def _is_locked(exc: BaseException) -> bool:
    if isinstance(exc, _keyring().errors.KeyringLocked):
        return True
    try:
        from secretstorage.exceptions import LockedException

        if isinstance(exc, LockedException):
            return True
    except ImportError:  # pragma: no cover
        pass
    text = str(exc).lower()
    return "locked" in text or "prompt dismissed" in text


def backend_is_usable(backend: KeyringBackend | None = None) -> bool:
    """False for the fail/null backends and a chainer with no real backend behind it."""
    from keyring.backends import chainer, fail, null

    kr = backend if backend is not None else _keyring().get_keyring()
    if isinstance(kr, fail.Keyring | null.Keyring):
        return False
    if isinstance(kr, chainer.ChainerBackend):
        return any(backend_is_usable(b) for b in kr.backends)
    try:
        return float(kr.priority) > 0
    except Exception:  # e.g. SecretService's priority raises when there is no D-Bus service
        return False


def backend_name() -> str:
    kr = _keyring().get_keyring()
    return f"{type(kr).__module__}.{type(kr).__qualname__}"


class Secrets:
    """Keys of panels, looked up by panel id. Safe to use from any thread."""

    def __init__(self, service: str = SERVICE_NAME,
                 subject: str = "the API key of panel {id}") -> None:
        self.service = service
        # What an entry is, for the messages ("the password of postgresql://…" for a store).
        self.subject = subject

    @property
    def available(self) -> bool:
        """True when keys go to a real OS keyring; False: kept for this session only."""
        return backend_is_usable()

    def _wrap(self, exc: BaseException, doing: str, panel_id: str) -> SecretsError:
        name = backend_name()
        if _is_locked(exc):
            err: SecretsError = KeyringLockedError(
                f"The system keyring is locked, so {self.subject.format(id=panel_id)} could not "
                f"be {doing}. Unlock the keyring (log in to it) and try again."
            )
        else:
            detail = redact.scrub(f"{type(exc).__name__}: {exc}")[:200]
            err = SecretsError(
                f"The system keyring ({name}) failed while {self.subject.format(id=panel_id)} "
                f"was being {doing}: {detail}"
            )
        log.warning("keyring error (%s) for %s: %s", doing, self.subject.format(id=panel_id),
                    type(exc).__name__)
        return err

    def set(self, panel_id: str, key: str) -> None:
        redact.register(key)
        if not self.available:
            with _memory_lock:
                _memory[panel_id] = key
            log.info("no usable keyring: key of panel %s kept in memory for this session", panel_id)
            return
        try:
            _keyring().set_password(self.service, panel_id, key)
        except _errors() as e:
            raise self._wrap(e, "saved", panel_id) from None
        with _memory_lock:
            _memory.pop(panel_id, None)

    def get(self, panel_id: str) -> str | None:
        with _memory_lock:
            remembered = _memory.get(panel_id)
        if remembered is not None or not self.available:
            return remembered
        try:
            key = _keyring().get_password(self.service, panel_id)
        except _errors() as e:
            raise self._wrap(e, "read", panel_id) from None
        redact.register(key)
        return key

    def require(self, panel_id: str) -> str:
        key = self.get(panel_id)
        if not key:
            where = "the system keyring" if self.available else "this session's memory"
            # No panel id here: the message may reach the person (the caller names the panel).
            raise MissingKeyError(
                f"No API key is stored for this panel in {where}. Enter the key again "
                f"in the panel's settings."
            )
        return key

    def remove(self, panel_id: str) -> None:
        with _memory_lock:
            _memory.pop(panel_id, None)
        # The key stays registered with redact: it may still sit in some text of this session.
        if not self.available:
            return
        try:
            _keyring().delete_password(self.service, panel_id)
        except _keyring().errors.PasswordDeleteError:
            pass  # nothing stored: already gone
        except _errors() as e:
            raise self._wrap(e, "removed", panel_id) from None

    delete = remove


def forget_memory() -> None:
    """Drop every in-memory key (tests)."""
    with _memory_lock:
        _memory.clear()

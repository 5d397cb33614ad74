"""Keys in the keyring (or this session's memory), locked/failing keyrings, the real Secret
Service, and the redacting log file."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, KeyringLocked

from smmdesk import redact, secrets
from smmdesk.logs import RedactingFilter, log_path, setup_logging, teardown_logging
from smmdesk.secrets import SERVICE_NAME, KeyringLockedError, MissingKeyError, Secrets, SecretsError
from smmdesk.workspace import Workspace

KEY = "sk-live-9f8e7d6c5b4a3210-secret"


@pytest.fixture(autouse=True)
def _clean_memory() -> Iterator[None]:
    secrets.forget_memory()
    yield
    secrets.forget_memory()


@pytest.fixture
def failing_keyring() -> Iterator[KeyringBackend]:
    """No keyring at all: keyring's own ``fail`` backend (what a desktop without one gets)."""
    backend = keyring.backends.fail.Keyring()
    keyring.set_keyring(backend)
    yield backend


class LockedKeyring(KeyringBackend):
    priority = 5  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class BrokenKeyring(KeyringBackend):
    """A backend whose errors (carelessly) quote the secret."""

    priority = 5  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("D-Bus error: org.freedesktop.DBus.Error.NoReply")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError(f"could not store {password!r}: D-Bus NoReply")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringError("D-Bus NoReply")


@pytest.fixture
def locked_keyring() -> Iterator[KeyringBackend]:
    backend = LockedKeyring()
    keyring.set_keyring(backend)
    yield backend


@pytest.fixture
def broken_keyring() -> Iterator[KeyringBackend]:
    backend = BrokenKeyring()
    keyring.set_keyring(backend)
    yield backend


def test_keys_go_to_the_keyring_under_the_app_service_name(memory_keyring) -> None:
    s = Secrets()
    assert s.available
    s.set("panel-1", KEY)
    assert memory_keyring.store == {(SERVICE_NAME, "panel-1"): KEY}
    assert SERVICE_NAME == "SMM Desk"
    assert s.get("panel-1") == KEY
    s.remove("panel-1")
    assert memory_keyring.store == {}
    assert s.get("panel-1") is None
    s.remove("panel-1")  # removing twice is fine
    with pytest.raises(MissingKeyError):
        s.require("panel-1")


class EmptyChainer(keyring.backends.chainer.ChainerBackend):
    backends = ()  # what a chainer finds on a machine with no keyring at all


@pytest.mark.parametrize(
    "backend",
    [
        keyring.backends.fail.Keyring(),
        keyring.backends.null.Keyring(),
        EmptyChainer(),
    ],
    ids=["fail", "null", "empty-chainer"],
)
def test_no_keyring_keeps_keys_in_memory_for_this_session(backend: KeyringBackend) -> None:
    keyring.set_keyring(backend)
    s = Secrets()
    assert not s.available
    s.set("p", KEY)
    assert s.get("p") == KEY
    assert Secrets().get("p") == KEY  # the whole process shares the session's keys
    s.remove("p")
    assert s.get("p") is None


def test_workspace_without_keyring_says_so_and_writes_no_key(
    failing_keyring, data_dir: Path, simulator, engine_address: str | None
) -> None:
    ws = Workspace(data_dir, store=engine_address)  # each engine (tests/engines.py)
    try:
        assert ws.keyring_available is False
        p = ws.add_panel("Sim", simulator.url, simulator.key)
        assert ws.balance(p.id).currency == "USD"
    finally:
        ws.close()
    for f in data_dir.rglob("*"):
        if f.is_file():
            assert simulator.key.encode() not in f.read_bytes(), f


def test_locked_keyring_raises_a_clear_error(locked_keyring) -> None:
    s = Secrets()
    assert s.available
    with pytest.raises(KeyringLockedError) as exc:
        s.set("p", KEY)
    assert "locked" in str(exc.value) and KEY not in str(exc.value)
    with pytest.raises(SecretsError):
        s.get("p")
    with pytest.raises(SecretsError):
        s.remove("p")


def test_failing_keyring_error_never_contains_the_key(broken_keyring) -> None:
    s = Secrets()
    with pytest.raises(SecretsError) as exc:
        s.set("p", KEY)
    text = str(exc.value) + repr(exc.value)
    assert KEY not in text and "failed" in text
    assert exc.value.__cause__ is None and exc.value.__suppress_context__


def test_add_panel_with_locked_keyring_stores_nothing(locked_keyring, data_dir: Path,
                                                     engine_address: str | None) -> None:
    ws = Workspace(data_dir, store=engine_address)  # each engine (tests/engines.py)
    try:
        with pytest.raises(SecretsError):
            ws.add_panel("X", "https://x.example/api/v2", KEY)
        assert ws.panels() == []
    finally:
        ws.close()


@pytest.mark.realkeyring
def test_real_secret_service_roundtrip() -> None:
    if os.environ.get("SMMDESK_REAL_KEYRING") != "1":
        pytest.skip("needs a real Secret Service: run under scripts/run-tests.sh "
                    "(dbus-run-session + unlocked gnome-keyring sets SMMDESK_REAL_KEYRING=1)")
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    keyring.set_keyring(backend)
    assert isinstance(keyring.get_keyring(), SecretService.Keyring)
    s = Secrets()
    assert s.available
    panel_id = f"realkeyring-test-{os.getpid()}"
    try:
        s.set(panel_id, KEY)
        assert backend.get_password(SERVICE_NAME, panel_id) == KEY
        assert s.get(panel_id) == KEY
    finally:
        s.remove(panel_id)
    assert backend.get_password(SERVICE_NAME, panel_id) is None
    assert s.get(panel_id) is None


# ----------------------------------------------------------------------------- logging


@pytest.fixture
def logging_to(data_dir: Path) -> Iterator[Path]:
    path = setup_logging(data_dir, logging.DEBUG)
    yield path
    teardown_logging()


def test_log_file_redacts_keys_in_message_args_and_tracebacks(logging_to: Path) -> None:
    redact.register(KEY)
    log = logging.getLogger("smmdesk.test")
    log.info("plain %s", KEY)
    log.warning(f"inline {KEY}")
    try:
        raise RuntimeError(f"boom with {KEY}")
    except RuntimeError:
        log.exception("failed for %s", "someone")
    for h in logging.getLogger().handlers:
        h.flush()
    text = logging_to.read_text()
    assert KEY not in text
    assert text.count(redact.MASK) >= 3
    assert "RuntimeError" in text and "boom with" in text


def test_setup_logging_is_idempotent(data_dir: Path) -> None:
    root = logging.getLogger()
    before = len(root.handlers)
    try:
        p1 = setup_logging(data_dir)
        p2 = setup_logging(data_dir)
        assert p1 == p2 == log_path(data_dir) == data_dir / "logs" / "smmdesk.log"
        assert len(root.handlers) == before + 1
        handler = root.handlers[-1]
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        assert handler.maxBytes == 1_000_000 and handler.backupCount == 5
        assert any(isinstance(f, RedactingFilter) for f in handler.filters)
    finally:
        teardown_logging()
    assert len(root.handlers) == before

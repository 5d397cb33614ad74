"""``main.py --self-check``: drive the real window offscreen through a list of steps.

The packaged app runs this as its smoke test. Later features append steps::

    from ui.selfcheck.runner import step

    @step("order form")
    def _order_form(check: SelfCheck) -> str | None:
        ...                      # use check.window / check.workspace / check.wait_until
        return "order form ok"   # a fragment for the summary line, or None

Every wait spins a Qt event loop with a timeout: the GUI thread never blocks on the network.
"""

from __future__ import annotations

import importlib
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from smmdesk.logs import setup_logging, teardown_logging
from ui.app import build_context, create_app, route_qt_messages

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 60.0


class SelfCheckError(Exception):
    pass


@dataclass
class Step:
    name: str
    run: Callable[[SelfCheck], str | None]


STEPS: list[Step] = []
# Modules imported before the run so their ``@step`` functions register (later features add
# theirs here, e.g. "ui.selfcheck.compare_steps").
STEP_MODULES: list[str] = ["ui.selfcheck.steps"]


def step(name: str) -> Callable[[Callable[[SelfCheck], str | None]], Callable[..., str | None]]:
    """Register a step (runs in registration order; import order decides for other modules)."""

    def register(fn: Callable[[SelfCheck], str | None]) -> Callable[..., str | None]:
        STEPS.append(Step(name, fn))
        return fn

    return register


class SelfCheck:
    def __init__(
        self, data_dir: Path, *, lang: str | None = None, store: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ):
        self.data_dir = data_dir
        self.lang = lang
        self.store = store  # a team store to test a connection to (``--store``); None: none
        self.timeout = timeout
        self.ctx: Any = None
        self.app: Any = None
        self.values: dict[str, Any] = {}  # steps share results here
        self.events: dict[str, list[tuple[Any, ...]]] = {}
        self.summary: list[str] = []

    @property
    def window(self) -> Any:
        return self.ctx.window

    @property
    def workspace(self) -> Any:
        return self.ctx.workspace

    @property
    def runner(self) -> Any:
        return self.ctx.runner

    def record(self, name: str, signal: Any) -> None:
        """Keep every emission of ``signal`` in ``self.events[name]``."""
        bucket = self.events.setdefault(name, [])
        signal.connect(lambda *args: bucket.append(args))

    def wait_until(self, predicate: Callable[[], bool], what: str, timeout: float | None = None):
        if predicate():
            return
        loop = QEventLoop()
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(loop.quit)
        poll = QTimer()
        poll.setInterval(20)
        poll.timeout.connect(lambda: predicate() and loop.quit())
        deadline.start(int((timeout or self.timeout) * 1000))
        poll.start()
        loop.exec()
        poll.stop()
        deadline.stop()
        if not predicate():
            raise SelfCheckError(
                f"timed out after {timeout or self.timeout:g} s waiting for {what}"
            )

    def call(self, fn: Callable[..., Any], *args: Any, what: str, **kwargs: Any) -> Any:
        """Run ``fn`` on the task runner and wait (spinning the event loop) for its result."""
        box: dict[str, Any] = {}
        self.runner.submit(
            fn,
            *args,
            on_result=lambda value: box.setdefault("result", value),
            on_error=lambda exc: box.setdefault("error", exc),
            **kwargs,
        )
        self.wait_until(lambda: bool(box), what)
        if "error" in box:
            raise SelfCheckError(f"{what} failed: {box['error']!r}")
        return box["result"]

    def _check_translation(self) -> None:
        """In any language but English, our own .qm must have loaded (a bundle without its
        translations would silently show English)."""
        lang = str(self.app.property("smmdesk_lang") or "en")
        if lang.startswith("en"):
            return
        if QCoreApplication.translate("OrderForm", "Place order") == "Place order":
            raise SelfCheckError(f"the {lang} translation did not load")

    def run(self) -> int:
        started = time.monotonic()
        current = "start-up"
        try:
            setup_logging(self.data_dir)
            route_qt_messages()
            self.app = create_app(lang=self.lang, data_dir=self.data_dir)
            current = "translations"
            self._check_translation()
            current = "window"
            self.ctx = build_context(self.data_dir)
            w = self.window
            for name, signal in (
                ("panels", w.panelsLoaded),
                ("services", w.servicesShown),
                ("refresh", w.refreshFinished),
                ("demo", w.demoReady),
            ):
                self.record(name, signal)
            w.show()
            for module in STEP_MODULES:
                importlib.import_module(module)
            for s in STEPS:
                current = s.name
                fragment = s.run(self)
                if fragment:
                    self.summary.append(fragment)
        except Exception as exc:
            log.exception("self-check failed at %s", current)
            print(f"self-check FAILED at {current}: {exc}", flush=True)
            return 1
        finally:
            if self.ctx is not None:
                try:
                    if self.ctx.window is not None:
                        self.ctx.window.close()
                    self.ctx.shutdown()
                except Exception as exc:  # a failing shutdown is a failure too
                    print(f"self-check FAILED at shutdown: {exc}", flush=True)
                    return 1
        keyring = "system" if self.values.get("keyring_available") else "memory"
        lang = self.app.property("smmdesk_lang") or "en"
        elapsed = time.monotonic() - started
        line = ", ".join([*self.summary, f"keyring={keyring}", f"lang={lang}", f"{elapsed:.1f} s"])
        print(f"self-check ok: {line}", flush=True)
        return 0


def main(data_dir: Path | None, *, lang: str | None = None, store: str | None = None) -> int:
    temp = None
    if data_dir is None:
        temp = Path(tempfile.mkdtemp(prefix="smmdesk-self-check-"))
        data_dir = temp
    try:
        return SelfCheck(data_dir, lang=lang, store=store or None).run()
    finally:
        teardown_logging()
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
        sys.stdout.flush()

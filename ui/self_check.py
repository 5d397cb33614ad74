"""``main.py --self-check``: drive the real window offscreen through a list of steps.

The packaged app runs this as its smoke test. Later features append steps::

    from ui.self_check import step

    @step("order form")
    def _order_form(check: SelfCheck) -> str | None:
        ...                      # use check.window / check.workspace / check.wait_until
        return "order form ok"   # a fragment for the summary line, or None

Every wait spins a Qt event loop with a timeout: the GUI thread never blocks on the network.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer

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
# theirs here, e.g. "ui.order_form_check").
STEP_MODULES: list[str] = []


def step(name: str) -> Callable[[Callable[[SelfCheck], str | None]], Callable[..., str | None]]:
    """Register a step (runs in registration order; import order decides for other modules)."""

    def register(fn: Callable[[SelfCheck], str | None]) -> Callable[..., str | None]:
        STEPS.append(Step(name, fn))
        return fn

    return register


class SelfCheck:
    def __init__(
        self, data_dir: Path, *, lang: str | None = None, timeout: float = DEFAULT_TIMEOUT
    ):
        self.data_dir = data_dir
        self.lang = lang
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
        from PySide6.QtCore import QCoreApplication

        lang = str(self.app.property("smmdesk_lang") or "en")
        if lang.startswith("en"):
            return
        if QCoreApplication.translate("OrderForm", "Place order") == "Place order":
            raise SelfCheckError(f"the {lang} translation did not load")

    def run(self) -> int:
        started = time.monotonic()
        current = "start-up"
        try:
            from smmdesk.logs import setup_logging
            from ui.app import build_context, create_app, route_qt_messages

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
            import importlib

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


# ---------------------------------------------------------------------------------- the steps
@step("demo panel")
def _demo_panel(check: SelfCheck) -> str | None:
    check.values["keyring_available"] = check.workspace.keyring_available
    check.wait_until(lambda: bool(check.events["panels"]), "the panel list")
    check.window.start_demo()
    check.wait_until(lambda: bool(check.events["demo"]), "the demo panel to start")
    panel_id = check.events["demo"][-1][0]
    check.values["demo_panel_id"] = panel_id
    panels = check.call(check.workspace.panels, what="listing panels")
    if not any(p.id == panel_id and p.is_demo for p in panels):
        raise SelfCheckError("the demo panel was not added to the workspace")
    return "demo panel"


@step("services")
def _services(check: SelfCheck) -> str | None:
    check.wait_until(lambda: bool(check.events["refresh"]), "the services refresh")
    summary = check.events["refresh"][-1][0]
    services = check.call(
        check.workspace.services, check.values["demo_panel_id"], what="reading the services"
    )
    if not services:
        raise SelfCheckError(f"no services after the refresh ({summary})")
    check.values["services"] = len(services)
    return f"{len(services)} services"


@step("table")
def _table(check: SelfCheck) -> str | None:
    expected = check.values["services"]
    model = check.window.services_view.model
    check.wait_until(
        lambda: model.total_count == expected, f"the table to show {expected} services"
    )
    view = check.window.services_view
    view.clear_search()
    rows = model.rowCount()
    if rows != expected:
        raise SelfCheckError(f"the table shows {rows} rows, expected {expected}")
    # Search for the first service's first word: the filter must find it and narrow the list.
    word = model.row_at(0).service.name.split()[0]
    view.search.setText(word)
    view.apply_filter_now()
    if not 0 < model.rowCount() <= rows:
        raise SelfCheckError(f"searching {word!r} gave {model.rowCount()} rows")
    view.clear_search()
    return f"table {rows} rows"


# Placed through the order form's own code path (fill, then the place button's place_now):
# service id in the simulator's fixed catalogue -> the values typed into the form. The links
# carry a per-run tag: the demo refuses a second active order on the same link.
def _form_cases(tag: str, comments: int) -> list[tuple[int, str, dict[str, str]]]:
    return [
        (1, "Default + drip-feed", {
            "link": f"https://instagram.com/sc{tag}a", "quantity": "100",
            "runs": "3", "interval": "10",
        }),
        (4, "Custom Comments", {
            "link": f"https://instagram.com/p/sc{tag}b",
            "comments": "\n".join(f"great post {i + 1}" for i in range(comments)),
        }),
        (16, "Subscriptions", {
            "username": f"sc{tag}", "min": "100", "max": "200", "delay": "30",
        }),
        (13, "Poll", {
            "link": f"https://t.me/sc{tag}/5", "quantity": "100", "answer_number": "1",
        }),
    ]


@step("order form")
def _order_form(check: SelfCheck) -> str | None:
    from smmdesk.models import SubmitState

    window = check.window
    form = window.order_form
    pid = check.values["demo_panel_id"]
    check.record("placements", form.placementFinished)
    done = check.events["placements"]
    comments_min = check.call(
        check.workspace.service, pid, 4, what="reading the Custom Comments service"
    )
    lines = max(10, int(comments_min.min) if comments_min is not None else 10)
    tag = f"{int(time.time() * 1000):x}"
    ask_duplicate = form.confirm_duplicate
    form.confirm_duplicate = lambda _title, _text: False  # a duplicate would be a failure
    placed: list[int] = []
    try:
        for sid, label, values in _form_cases(tag, lines):
            window.order_service(pid, sid)  # what a double-click in the table does
            check.wait_until(lambda: form.loaded, f"the form for service {sid}")
            if form.service is None or form.service.id != sid:
                raise SelfCheckError(f"{label}: service {sid} did not load into the form")
            form.fill(values)
            n = len(done)
            if form.place_now(confirm=False) is None:
                raise SelfCheckError(f"{label} (service {sid}) not sent: {form.problems()}")
            check.wait_until(lambda n=n: len(done) > n, f"the {label} order")
            order = done[-1][0]
            if order is None or order.submit_state is not SubmitState.PLACED:
                raise SelfCheckError(f"{label} (service {sid}): {form.result.text()}")
            placed.append(order.id)
    finally:
        form.confirm_duplicate = ask_duplicate
    check.values["form_orders"] = placed
    return f"{len(placed)} orders via form"


@step("history")
def _history(check: SelfCheck) -> str | None:
    from ui.history_view import self_check_step
    from ui.main_window import View

    window = check.window
    view = window.history_view
    window.set_view(View.ORDERS)  # the Orders page, as a person would look at it
    fragment = self_check_step(check, view)
    for local_id in check.values.get("form_orders", []):
        view.show_order(local_id)
        check.wait_until(
            lambda i=local_id: (o := view.selected_order()) is not None and o.id == i,
            f"order {local_id} in the history",
        )
    return fragment


def main(data_dir: Path | None, *, lang: str | None = None) -> int:
    temp = None
    if data_dir is None:
        temp = Path(tempfile.mkdtemp(prefix="smmdesk-self-check-"))
        data_dir = temp
    try:
        return SelfCheck(data_dir, lang=lang).run()
    finally:
        from smmdesk.logs import teardown_logging

        teardown_logging()
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
        sys.stdout.flush()

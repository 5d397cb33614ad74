"""Python's cyclic garbage collector runs on the GUI thread only.

CPython runs a collection in whichever thread happens to allocate past the threshold — often a
task-runner worker. A collection there can free a cycle holding a Qt object (a widget kept by a
lambda, a model referenced by a closure), and Qt objects deleted off the thread that owns them
crash the process. So automatic collection is switched off and the same generational policy is
applied from a timer on the GUI thread (the pattern pyqtgraph and other Qt applications use).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot

from smmdesk import memtrim

INTERVAL_MS = 500
SETTLE_DELAY_MS = 1_000  # after a large load: the table painted first, then the one collection
START_UP_HOLD_MS = 15_000  # at most this long without a collection while the app starts


class GuiThreadCollector(QObject):
    """Owned by the application object; ``collect_due()`` runs from its timer."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.setObjectName("gui_thread_gc")
        self.threshold = gc.get_threshold()
        self.held = False  # ``hold_start_up``: no collection until the services are in
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start()

    @Slot()
    def collect_due(self) -> int:
        """Collect the oldest generation whose count passed its threshold (as CPython would)."""
        if self.held:
            return 0
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.threshold[generation]:
                return gc.collect(generation)
        return 0


def install(app: QObject) -> GuiThreadCollector:
    """Once per application: later calls return the collector already installed."""
    existing = app.findChild(GuiThreadCollector, "gui_thread_gc")
    if isinstance(existing, GuiThreadCollector):
        gc.disable()
        return existing
    return GuiThreadCollector(app)


def hold_start_up(app: QObject, latest_ms: int = START_UP_HOLD_MS) -> None:
    """The app's start: no collection from the timer until the services are in the table
    (``settle_soon``'s collection ends the hold), or ``latest_ms`` at most.

    Automatic collection is off, so everything the worker allocates while it reads the
    services (200,000 rows and their texts) is in the youngest generation when the timer
    next fires: one such collection walked them all on the GUI thread, 140-220 ms measured,
    before the rows were shown. The one collection after they are shown walks them anyway,
    and then leaves them out of later ones."""
    collector = install(app)
    collector.held = True
    QTimer.singleShot(latest_ms, collector, _release)


def _release() -> None:
    app = QCoreApplication.instance()
    collector = app.findChild(GuiThreadCollector, "gui_thread_gc") if app else None
    if isinstance(collector, GuiThreadCollector):
        collector.held = False


def freeze_start_up() -> None:
    """Once the app's modules are imported (every class, function and constant they made lives
    as long as the process), move them out of later collections (``gc.freeze``): a full
    collection walked them each time, 25-50 ms, and one fell within the start-up before the
    services were shown. Without a collection first (it would cost the same walk, on the
    same path): what little garbage the imports left stays until the process ends. Only the
    app's own start calls this (never the tests' application, whose objects come and go)."""
    gc.freeze()


_settling = False


def settle_soon() -> None:
    """Once a large, long-lived set has arrived (the services table: 200,000 rows and their
    texts), collect once and move every survivor out of later collections (``gc.freeze``), a
    second later on the GUI thread (the table is painted and read first).

    With 200,000 services cached a full collection took 160-250 ms, and the periodic one came
    back every few seconds of use: a stall under the person's typing each time. After this it
    walks only what was made since. Collecting first means nothing already garbage is frozen
    (a closed view's cycles are freed). Frozen objects are still freed by reference counting
    when let go (replaced rows go as before); only a reference cycle made before and dropped
    after waits for the process to end. What the load freed (the worker's reading, the
    sorting) is then handed back to the system (``memtrim``)."""
    global _settling
    if not _settling:
        _settling = True
        QTimer.singleShot(SETTLE_DELAY_MS, _settle)


def _settle() -> None:
    global _settling
    _settling = False
    gc.collect()
    gc.freeze()
    _release()  # the start-up's hold, if any: the rows are in and walked once
    memtrim.release()

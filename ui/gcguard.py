"""Python's cyclic garbage collector runs on the GUI thread only.

CPython runs a collection in whichever thread happens to allocate past the threshold — often a
task-runner worker. A collection there can free a cycle holding a Qt object (a widget kept by a
lambda, a model referenced by a closure), and Qt objects deleted off the thread that owns them
crash the process. So automatic collection is switched off and the same generational policy is
applied from a timer on the GUI thread (the pattern pyqtgraph and other Qt applications use).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Owned by the application object; ``collect_due()`` runs from its timer."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.setObjectName("gui_thread_gc")
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start()

    @Slot()
    def collect_due(self) -> int:
        """Collect the oldest generation whose count passed its threshold (as CPython would)."""
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


def freeze_survivors() -> None:
    """Keep what is alive now out of every later collection (``gc.freeze``): called once a
    large, long-lived set has arrived (the services table: 200,000 rows and their texts), so
    the periodic full collection no longer walks it each time — with 200,000 services cached a
    full collection took 160-250 ms on the GUI thread, a stall under the person's typing.
    Frozen objects are still freed by reference counting (replaced rows go as before); only a
    reference cycle alive at this moment would wait for the process to end."""
    gc.freeze()

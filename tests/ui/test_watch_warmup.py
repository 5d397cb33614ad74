"""The provider watch's day warm-up (issue 27): after start-up the statistics the "needs
attention" check compares with are read on a worker — the GUI thread goes on meanwhile — so
the first filter or alert reads none."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from PySide6.QtCore import QTimer

from smmdesk.store.migrations import DAY_MS
from tests.ui.conftest import add_panel
from tests.ui.support import placed_hours_ago
from ui.app import Session
from ui.shell.watch_warmup import AFTER_MIDNIGHT_MS

TIMEOUT = 15_000


def test_the_days_attention_statistics_are_read_on_a_worker_after_start_up(
        qtbot, data_dir, small_sim, make_window, monkeypatch: pytest.MonkeyPatch) -> None:
    pid = add_panel(data_dir, small_sim)
    oid = placed_hours_ago(data_dir, pid, 8, remote_id=4242, link="https://instagram.com/w")
    monkeypatch.setattr(Session, "WATCH_DELAY_MS", 0)
    ctx = make_window()
    gui = threading.current_thread()
    started, release = threading.Event(), threading.Event()
    ran_on: list[threading.Thread] = []
    real_prepare = ctx.workspace.prepare_attention

    def prepare(now: datetime | None = None) -> int:
        ran_on.append(threading.current_thread())
        started.set()
        assert release.wait(TIMEOUT)
        return real_prepare(now)

    ctx.workspace.prepare_attention = prepare  # type: ignore[method-assign]
    session = Session(ctx)
    session.check_later()
    warmup = session.attention_warmup
    assert warmup is not None
    qtbot.waitUntil(started.is_set, timeout=TIMEOUT)
    # The warm-up holds its worker; the GUI thread still runs its timers meanwhile.
    ticked: list[bool] = []
    QTimer.singleShot(0, lambda: ticked.append(True))
    qtbot.waitUntil(lambda: bool(ticked), timeout=2_000)
    assert ran_on and ran_on[0] is not gui
    with qtbot.waitSignal(warmup.prepared, timeout=TIMEOUT) as done:
        release.set()
    assert done.args == [1]  # the one service with an active order
    # The next day's warm-up is set for just after midnight (UTC, the statistics' day).
    assert warmup.timer.isActive()
    assert 0 < warmup.timer.remainingTime() <= DAY_MS + AFTER_MIDNIGHT_MS

    # The first check of the day reads no statistics: they are ready.
    watch = ctx.workspace._watch
    reads: list[tuple[str, int | None]] = []
    real_stats = watch.service_stats

    def counted(panel_id: str, service_id: int | None, **kw):
        reads.append((panel_id, service_id))
        return real_stats(panel_id, service_id, **kw)

    monkeypatch.setattr(watch, "service_stats", counted)
    found = ctx.workspace.attention()
    assert [(o.id, why) for o, why in found] == [(oid, "stuck")]
    assert reads == []

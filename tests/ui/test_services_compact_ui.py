"""The services table over the compact form (issue 14): what a person sees stays the same —
the selected service's description, stars that survive a restart — and a large damaged file
found after start-up still leads to the recovery choices."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from smmdesk.recovery import Action, Situation
from smmdesk.store import DAMAGED_PREFIX, DB_NAME, database
from smmdesk.textnorm import display_text
from smmdesk.workspace import Workspace
from ui.app import Session, build_context
from ui.services.model import Col


@pytest.fixture
def contexts():
    made = []
    yield made
    for ctx in made:
        if ctx.window is not None and not ctx.window._closing:
            ctx.window.close()
        ctx.shutdown()
        if ctx.window is not None:
            ctx.window.deleteLater()


def add_panel(data_dir: Path, sim) -> str:
    with Workspace(data_dir) as ws:
        panel = ws.add_panel("Sim", sim.url, sim.key)
        ws.balance(panel.id)
        ws.refresh_services(panel.id)
        return panel.id


def open_window(qtbot, data_dir: Path, contexts: list):
    ctx = build_context(data_dir)
    contexts.append(ctx)
    ctx.window.show()
    qtbot.waitExposed(ctx.window)
    view = ctx.window.services_view
    qtbot.waitUntil(lambda: view.model.total_count == 300, timeout=10_000)
    return ctx, view


def test_the_selected_service_shows_its_description(qtbot, data_dir, simulator, contexts) -> None:
    pid = add_panel(data_dir, simulator)
    ctx, view = open_window(qtbot, data_dir, contexts)
    assert not view.model.has_descriptions  # the table keeps none: read when selected
    for row in (4, 9):
        view.table.setCurrentIndex(view.model.index(row, Col.NAME))
        sid = view.current_row().service.id
        expected = display_text(ctx.workspace.service(pid, sid).description, multiline=True)
        assert expected
        qtbot.waitUntil(lambda e=expected: view.description.toPlainText() == e, timeout=5_000)
        assert f"#{sid}" in view.details_title.text()


def test_a_star_survives_a_restart(qtbot, data_dir, simulator, contexts) -> None:
    add_panel(data_dir, simulator)
    ctx, view = open_window(qtbot, data_dir, contexts)
    view.table.setCurrentIndex(view.model.index(5, Col.NAME))
    sid = view.current_row().service.id
    view.toggle_favourite()
    qtbot.waitUntil(lambda: ctx.runner.active_count == 0, timeout=10_000)
    ctx.window.close()
    ctx.shutdown()
    contexts.remove(ctx)
    ctx.window.deleteLater()

    _ctx2, view2 = open_window(qtbot, data_dir, contexts)
    view2.favourites_button.setChecked(True)
    assert [view2.model.row_at(i).service.id for i in range(view2.model.rowCount())] == [sid]
    assert view2.model.data(view2.model.index(0, Col.FAVOURITE)) == "★"


def test_damage_found_after_start_up_offers_the_recovery_choices(
        qtbot, data_dir, simulator, contexts, monkeypatch) -> None:
    pid = add_panel(data_dir, simulator)
    with Workspace(data_dir) as ws:
        ws.services_for_view(pid)  # the services' snapshot: start-up needs no index
    db = data_dir / DB_NAME
    conn = sqlite3.connect(db)
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master "
                        "WHERE name = 'sqlite_autoindex_services_1'").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * page + 8)
        f.write(b"\xff\x13" * 200)
    # A file this small is checked before the window; as a large one it is checked after.
    monkeypatch.setattr(database, "QUICK_CHECK_ON_OPEN_BYTES", 0)
    monkeypatch.setattr(Session, "CHECK_DELAY_MS", 0)

    asked = []

    def ask(problem):
        asked.append(problem)
        return Action.START_FRESH

    ctx = build_context(data_dir)
    contexts.append(ctx)
    assert ctx.workspace.check_pending
    session = Session(ctx, ask=ask)
    ctx.window.show()
    session.check_later()
    qtbot.waitUntil(lambda: session.ctx is not ctx, timeout=20_000)
    contexts.remove(ctx)
    contexts.append(session.ctx)
    assert [p.situation for p in asked] == [Situation.CORRUPT]
    assert Action.START_FRESH in asked[0].actions
    assert list(data_dir.glob(DAMAGED_PREFIX + "*"))  # the damaged file kept aside
    assert session.ctx.window.isVisible()
    assert session.ctx.workspace.panels() == []  # started fresh


def test_a_file_left_with_many_free_pages_is_compacted_in_the_background(
        qtbot, data_dir, simulator, contexts, monkeypatch) -> None:
    """A migration's VACUUM cut short (a crash, no room) leaves the file as large as before:
    the next start shows the window at once and compacts the file on a worker afterwards."""
    add_panel(data_dir, simulator)
    db = data_dir / DB_NAME
    conn = sqlite3.connect(db, isolation_level=None)
    conn.executescript(
        "CREATE TABLE filler (x);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) "
        "INSERT INTO filler SELECT randomblob(4000) FROM n;"
        "DROP TABLE filler;"
        "PRAGMA wal_checkpoint(TRUNCATE);")
    conn.close()
    size = db.stat().st_size
    monkeypatch.setattr(Session, "COMPACT_DELAY_MS", 0)

    ctx = build_context(data_dir)
    contexts.append(ctx)
    assert ctx.workspace.compaction_pending  # seen on opening, not done before the window
    session = Session(ctx)
    ctx.window.show()
    session.check_later()
    qtbot.waitUntil(lambda: not ctx.workspace.compaction_pending, timeout=20_000)
    qtbot.waitUntil(lambda: ctx.runner.active_count == 0, timeout=10_000)
    assert db.stat().st_size < size / 2
    assert ctx.window.services_view.model.total_count == 300

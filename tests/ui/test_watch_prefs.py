"""Settings → Automation…, "Provider watch" (issue 27): the stuck threshold, the stuck and
slow multipliers and the refill reminder are chosen here; each field keeps exactly what was
typed or refuses it; a change changes what ``Workspace.attention`` finds."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from tests.ui.conftest import add_panel
from tests.ui.support import placed_hours_ago
from ui.shell.automation_prefs import AutomationDialog, load_prefs


def _dialog(ctx) -> AutomationDialog:
    return AutomationDialog(ctx.workspace, ctx.runner, ctx.window.automation.tray,
                            load_prefs(ctx.workspace), parent=ctx.window)


def test_the_stuck_threshold_chosen_changes_what_needs_attention(
        qtbot, data_dir, small_sim, make_window, monkeypatch: pytest.MonkeyPatch) -> None:
    pid = add_panel(data_dir, small_sim)
    oid = placed_hours_ago(data_dir, pid, 4, remote_id=5151, link="https://instagram.com/p")
    ctx = make_window()
    assert ctx.workspace.attention() == []  # 4 h < the default 6 h
    dialog = _dialog(ctx)
    box = dialog.watch
    assert box.stuck_after.text() == "6" and box.refill_reminder.text() == "3"
    for edit in (box.stuck_after, box.stuck_factor, box.slow_factor, box.refill_reminder):
        assert edit.accessibleName()
    box.stuck_after.setText("3")
    box.stuck_factor.setText("2,50")  # the Turkish way: kept, digits and all
    box.slow_factor.setText("4.25")
    box.refill_reminder.setText("5")
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.save()
    qtbot.waitUntil(lambda: ctx.workspace.automation_settings().stuck_after
                    == timedelta(hours=3), timeout=10_000)
    s = ctx.workspace.automation_settings()
    assert str(s.stuck_factor) == "2.50" and s.slow_factor == Decimal("4.25")
    assert s.refill_reminder == timedelta(days=5)
    assert [(o.id, why) for o, why in ctx.workspace.attention()] == [(oid, "stuck")]
    # Opened again: what was chosen, as typed.
    again = _dialog(ctx)
    assert again.watch.stuck_after.text() == "3"
    assert again.watch.stuck_factor.text().replace(",", ".") == "2.50"


@pytest.mark.parametrize(("field", "text"), [
    ("stuck_after", "0"), ("stuck_after", "-2"), ("stuck_after", "1e3"), ("stuck_after", ""),
    ("stuck_after", "721"), ("stuck_after", "0.0001"), ("stuck_factor", "0.5"),
    ("stuck_factor", "2.5.1"), ("slow_factor", "3 x"), ("slow_factor", "1,000.5"),
    ("refill_reminder", "2.5"), ("refill_reminder", "0"), ("refill_reminder", "٣"),
])
def test_a_watch_field_refuses_what_it_cannot_keep(qtbot, make_window, field: str,
                                                   text: str) -> None:
    ctx = make_window()
    dialog = _dialog(ctx)
    getattr(dialog.watch, field).setText(text)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and dialog.error.isVisibleTo(dialog) and dialog.error.text()
    assert dialog.watch.values() is None
    before = ctx.workspace.automation_settings()
    dialog.save()  # refused: nothing saved, the dialog stays
    assert ctx.workspace.automation_settings() == before

"""The window's settings.ini holds only declared options (``smmdesk.options``), whatever the
person did: a key written by a module on its own would be a second declaration."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from smmdesk import options
from smmdesk.options import Scope
from tests.ui.conftest import add_panel


def test_every_key_the_window_writes_is_declared(qtbot, make_window, data_dir, simulator):
    add_panel(data_dir, simulator)
    ctx = make_window()
    w = ctx.window
    qtbot.waitUntil(lambda: w.services_view.model.total_count == 300, timeout=10_000)
    w.services_view.search.setText("instagram")
    w.services_view.apply_filter_now()
    dialog = w.open_preferences()  # the sync interval, the language, the currencies
    dialog.accept()
    w.history_view.export_suggestion()
    w.notify_action.toggle()
    w.close()
    ini = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
    written = set(ini.allKeys())
    declared = {o.key for o in options.all_options() if o.scope is Scope.WINDOW}
    assert {"window/geometry", "ui/language", "history/sync_interval_s", "history/notify",
            "filters/text", "rates/update_daily"} <= written
    assert written <= declared, sorted(written - declared)
    assert ctx.settings[options.FILTER_TEXT] == "instagram"

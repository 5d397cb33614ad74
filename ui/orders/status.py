"""What the Orders page says about itself: the offline banner above the list ("Showing data from
…; X is offline"), and below it the summary (how many orders, when their statuses were checked)
and the message line (what a status check, an action or a failure has to say).

``OrdersStatus`` owns the three labels (the page lays them out) and words them from what it is
given: the session model (panels, online, when each panel was checked), the page's model (its
total) and which panel the page shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from smmdesk.models import Panel
from smmdesk.textnorm import isolate, shorten
from ui import bridge
from ui.format import format_age, ntr
from ui.orders.model import HistoryModel, format_when
from ui.session import SessionModel
from ui.tasks import Cancelled

_NEXT_TRY = re.compile(r"next try in \d+ s\b")


class OrdersStatus(QObject):
    """The banner, the summary and the message line of the Orders page ``page``."""

    def __init__(self, page: QWidget, session: SessionModel, model: HistoryModel, *,
                 panel_id: Callable[[], str | None]) -> None:
        super().__init__(page)
        self.page = page
        self.session = session
        self.sync = session.sync
        self.model = model
        self._panel_id = panel_id

        self.banner = QLabel(objectName="history_offline_banner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setStyleSheet(
            "QLabel { background: #fdf1dc; color: #6b4a12; border: 1px solid #efd29a;"
            " border-radius: 6px; padding: 6px 10px; }")
        self.banner.hide()
        self.summary = QLabel(objectName="history_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel(objectName="history_message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)

    @property
    def panels(self) -> dict[str, Panel]:
        return {p.id: p for p in self.session.panels()}

    # -- the offline banner ----------------------------------------------------------------
    def update_banner(self) -> None:
        """Shown while a panel the page shows is offline: since when the data is, and what
        waits for the panel."""
        panel_id = self._panel_id()
        ids = [pid for pid in self.session.offline_panels() if panel_id in (None, pid)]
        if not ids:
            self.banner.hide()
            return
        panels = self.panels
        names = ", ".join(isolate(shorten(panels[pid].name, 60)) if pid in panels
                          else self.tr("a removed panel") for pid in ids)
        since = [self.session.last_sync_at(pid) or self.session.state(pid).offline_since
                 for pid in ids]
        when = format_when(min(t for t in since if t is not None), self.page.locale())
        if len(ids) == 1:
            text = self.tr("Showing data from %1; %2 is offline.")
        else:
            text = self.tr("Showing data from %1; %2 are offline.")
        text = text.replace("%1", when).replace("%2", names)
        text += " " + self.tr("Refill, cancel and status checks wait until it answers again.")
        self.banner.setText(text)
        self.banner.show()

    # -- the summary -----------------------------------------------------------------------
    def update_summary(self) -> None:
        """"1,234 orders · statuses checked 2 min ago · checking…"."""
        locale = self.page.locale()
        total = self.model.total
        if self.model.total_exact:
            text = self.tr("%1 order(s)").replace("%1", locale.toString(int(total)))
            text = text.replace("(s)", "s" if total != 1 else "")
        else:  # a search matching very many: counted to the end a moment later
            text = self.tr("%1+ orders").replace("%1", locale.toString(int(total - 1)))
        panel_id = self._panel_id()
        ids = [panel_id] if panel_id else list(self.panels)
        times = [t for pid in ids if (t := self.session.last_sync_at(pid)) is not None]
        if times:
            text += " · " + self.tr("statuses checked %1").replace("%1", format_age(min(times)))
        if self.sync.busy:
            text += " · " + self.tr("checking…")
        self.summary.setText(text)

    # -- the message line ------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.message.setText(text)

    def sync_done(self, report: Any) -> None:
        """What a status check has to say: its failures with the timer's next try per offline
        panel, else how many orders changed."""
        # The retry promise is the timer's own (StatusSync.next_try_in), once per panel; the
        # workspace's "next try in" lines belong to its own back-off, not to this timer.
        errors = [e for e in report.errors if not _NEXT_TRY.search(e)]
        panels = self.panels
        for pid in panels:
            if self.sync.online(pid) is False:
                wait = self.sync.next_try_in(pid)
                if wait is not None:
                    errors.append(self.tr("%1: next try in %2").replace(
                        "%1", panels[pid].name).replace("%2", self.wait_text(wait)))
        if errors:
            self.message.setText("\n".join(dict.fromkeys(errors[:4])))
        elif report.updated:
            n = int(report.updated)
            self.message.setText(ntr("OrdersStatus", "%n order(s) changed.", n).replace(
                "%n", self.page.locale().toString(n)))

    def wait_text(self, seconds: float) -> str:
        """ "30 s", "4 min": how long until a retry."""
        s = max(0, round(seconds))
        if s < 120:
            return self.tr("%1 s").replace("%1", str(s))
        return self.tr("%1 min").replace("%1", str(round(s / 60)))

    def load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        self.message.setText(self.tr("Could not read the history: %1").replace("%1", str(exc)))

    def background_error(self, exc: BaseException) -> None:
        message = bridge.error(exc, self.tr("Orders"))
        if message is not None:
            self.message.setText(message.text)

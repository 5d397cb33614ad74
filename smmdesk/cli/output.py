"""What the command line prints: data on standard output (a table, or one JSON object per line
with ``--json``), messages on standard error, a progress bar on standard error only when it is a
terminal. Money is written as exact decimal text, times as ISO 8601 with their zone.

Every string meant for people passes ``smmdesk.termtext.for_terminal`` here, at the one place
that writes it (rule: docs/reliability.md, "Rules for unattended work"): control codes in a
panel's text are shown, never obeyed. ``--json`` keeps the text as data (JSON escapes).

Hand-written on purpose: a table and a one-line progress bar are a few dozen lines, smaller than
any library for them, and the bundle does not grow.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, TextIO

from smmdesk.history import charge_of, status_key
from smmdesk.models import LocalOrder, Panel, ServiceRow
from smmdesk.outcomes import describe_order
from smmdesk.servicetypes import type_of
from smmdesk.termtext import for_terminal, json_text

__all__ = [
    "Output",
    "jsonable",
    "money",
    "order_record",
    "panel_record",
    "service_record",
    "when",
]


def money(value: Decimal | None) -> str | None:
    """Exact decimal text (never ``1E+1`` and never a float's tail); None stays None."""
    return None if value is None else format(value, "f")


def when(value: datetime | None) -> str | None:
    """ISO 8601 with the zone (UTC when the value has none: the store keeps UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat(timespec="seconds")


def jsonable(value: Any) -> Any:
    """Decimals as strings, datetimes as ISO 8601, enums by value, recursively."""
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, datetime):
        return when(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


def panel_record(panel: Panel) -> dict[str, Any]:
    return {
        "id": panel.id,
        "name": panel.name,
        "url": panel.url,
        "currency": panel.currency,
        "demo": panel.is_demo,
        "created_at": when(panel.created_at),
        "unsupported": sorted(panel.unsupported),
    }


def service_record(row: ServiceRow) -> dict[str, Any]:
    s = row.service
    st, known = type_of(s)
    return {
        "panel_id": row.panel_id,
        "panel": row.panel_name,
        "service_id": s.id,
        "name": s.name,
        "type": s.type,
        "type_key": st.key if known else None,
        "category": s.category,
        "rate": money(s.rate),
        "currency": row.currency,
        "min": s.min,
        "max": s.max,
        "refill": s.refill,
        "cancel": s.cancel,
        "dripfeed": s.dripfeed,
        "favourite": row.favourite,
        "previous_rate": money(row.previous_rate),
    }


def order_record(order: LocalOrder) -> dict[str, Any]:
    amount, estimate = charge_of(order)
    return {
        "local_id": order.id,
        "panel_id": order.panel_id,
        "order_id": order.remote_id,
        "service_id": order.service_id,
        "service": order.service_name,
        "service_type": order.service_type,
        "link": order.link,
        "quantity": order.quantity,
        "status": status_key(order),
        "submit_state": order.submit_state.value,
        "state": order.state.value,
        "panel_status": order.raw_status,
        "charge": money(amount),
        "charge_is_estimate": estimate,
        "currency": order.currency,
        "start_count": order.start_count,
        "remains": order.remains,
        "runs": order.runs,
        "interval": order.interval,
        "likely_duplicate": order.likely_duplicate,
        "error": describe_order(order) or None,  # the outcome in words
        "outcome": order.outcome.value if order.outcome is not None else None,
        "not_sent": order.not_sent,
        "detail": order.error,  # the panel's (or the network's) own words
        "customer_id": order.customer_id,
        "sell_price": money(order.sell_price),
        "profit": money(order.profit_home),  # home currency; None without a sale or a rate
        "created_at": when(order.created_at),
        "updated_at": when(order.updated_at),
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, Decimal):
        return money(value) or ""
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    return for_terminal(str(value))


class Output:
    """Where a command writes. ``json``: one object per line on stdout; else tables."""

    def __init__(self, *, json_mode: bool = False, stdout: TextIO | None = None,
                 stderr: TextIO | None = None) -> None:
        self.json = json_mode
        self.out = stdout if stdout is not None else sys.stdout
        self.err = stderr if stderr is not None else sys.stderr
        self._bar_shown = False
        encoding = (getattr(self.out, "encoding", None) or "utf-8").lower().replace("-", "")
        # JSON stays exact on any pipe: \u escapes where the pipe cannot carry the characters.
        self._utf8 = encoding in ("utf8", "utf8sig")

    # -- data ---------------------------------------------------------------------------------

    def record(self, obj: Mapping[str, Any]) -> None:
        """One JSON object on its own line (``--json`` only)."""
        self.out.write(json_text(json.dumps(jsonable(obj), ensure_ascii=not self._utf8,
                                            sort_keys=False)) + "\n")
        self.out.flush()

    def records(self, objs: Iterable[Mapping[str, Any]]) -> None:
        for obj in objs:
            self.record(obj)

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[Any]],
              *, max_width: int | None = None) -> None:
        """A plain text table; the widest column is cut to fit the terminal when it is one."""
        cells = [[_cell(v) for v in row] for row in rows]
        widths = [len(for_terminal(h)) for h in headers]
        for row in cells:
            for i, c in enumerate(row):
                widths[i] = max(widths[i], len(c))
        limit = max_width
        if limit is None and self.out.isatty():
            limit = shutil.get_terminal_size((120, 24)).columns
        if limit is not None and widths:
            over = sum(widths) + 2 * (len(widths) - 1) - limit
            if over > 0:
                widest = widths.index(max(widths))
                widths[widest] = max(10, widths[widest] - over)

        def fit(text: str, width: int) -> str:
            return text if len(text) <= width else text[: max(0, width - 1)] + "…"

        headers = [for_terminal(h) for h in headers]
        lines = ["  ".join(fit(h, w).ljust(w) for h, w in zip(headers, widths, strict=True))]
        lines.extend("  ".join(fit(c, w).ljust(w) for c, w in zip(row, widths, strict=True))
                     for row in cells)
        self.out.write("\n".join(line.rstrip() for line in lines) + "\n")
        self.out.flush()

    def line(self, text: str) -> None:
        """A line of data for people (tables' neighbours, summaries of a result)."""
        self.out.write(for_terminal(text) + "\n")
        self.out.flush()

    # -- messages -----------------------------------------------------------------------------

    def message(self, text: str) -> None:
        self._clear_bar()
        self.err.write(for_terminal(text) + "\n")
        self.err.flush()

    def prompt(self, text: str) -> None:
        """A question on stderr, the answer typed on the same line."""
        self._clear_bar()
        self.err.write(for_terminal(text))
        self.err.flush()

    def error(self, text: str) -> None:
        self.message(f"error: {text}")

    def warn(self, text: str) -> None:
        self.message(f"warning: {text}")

    # -- progress -----------------------------------------------------------------------------

    @property
    def interactive(self) -> bool:
        try:
            return self.err.isatty()
        except (AttributeError, ValueError):
            return False

    def progress(self, done: int, total: int, text: str = "") -> None:
        """A one-line bar on stderr, redrawn in place; nothing when stderr is not a terminal."""
        if not self.interactive:
            return
        width = 30
        filled = width if total <= 0 else min(width, width * done // total)
        columns = shutil.get_terminal_size((80, 24)).columns
        head = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
        tail = for_terminal(text)[: max(0, columns - len(head) - 1)]
        self.err.write("\r" + (head + tail).ljust(columns - 1))
        self.err.flush()
        self._bar_shown = True

    def done_progress(self) -> None:
        self._clear_bar()

    def _clear_bar(self) -> None:
        if self._bar_shown:
            columns = shutil.get_terminal_size((80, 24)).columns
            self.err.write("\r" + " " * (columns - 1) + "\r")
            self.err.flush()
            self._bar_shown = False

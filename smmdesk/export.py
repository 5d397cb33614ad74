"""CSV export of orders: UTF-8 with a BOM (so Excel picks the encoding), money as exact decimal
text, and every cell that a spreadsheet would run as a formula neutralised.

Formula injection: a link or a panel's error text is data from outside; a cell starting with
``=``, ``+``, ``-``, ``@``, their full-width forms ``＝``, ``＋``, ``－``, ``＠`` (which some
spreadsheets read as the ASCII ones), or a space, tab, line feed or carriage return (which some
spreadsheets strip before looking) is prefixed with ``'``, which spreadsheets show as text
and do not display. A cell that already starts with ``'`` gets one more, so
``read_orders_csv`` gives back exactly what was written.

A file export is created 0600 (only its owner can read the order links and spending in it) and
never through a symlink planted under the temporary ``.part`` name.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from smmdesk import fsutil
from smmdesk.history import charge_of, status_key
from smmdesk.models import LocalOrder

BOM = "\ufeff"
ENCODING = "utf-8-sig"
DANGEROUS_FIRST = (
    *("=", "+", "-", "@"),
    *("\uff1d", "\uff0b", "\uff0d", "\uff20"),  # full-width ＝ ＋ － ＠
    *(" ", "\t", "\n", "\r"),
)
GUARD = "'"

COLUMNS: tuple[str, ...] = (
    "local_id",
    "created_at",
    "panel",
    "order_id",
    "service_id",
    "service",
    "service_type",
    "link",
    "quantity",
    "charge",
    "charge_is_estimate",
    "currency",
    "start_count",
    "remains",
    "status",
    "panel_status",
    "runs",
    "interval",
    "error",
    "outcome",
    "customer",  # the reseller's books: who it was sold to, for how much, what it earned
    "sell_price",
    "profit",
)


def neutralise(value: str) -> str:
    """Make ``value`` safe as a spreadsheet cell (see the module doc)."""
    if value and (value[0] in DANGEROUS_FIRST or value[0] == GUARD):
        return GUARD + value
    return value


def restore(value: str) -> str:
    """Undo ``neutralise``."""
    if len(value) >= 2 and value[0] == GUARD and (value[1] in DANGEROUS_FIRST or value[1] == GUARD):
        return value[1:]
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")  # exact digits, never 1E+1 or a float's tail
    return str(value)


def order_row(order: LocalOrder, panel_names: Mapping[str, str] | None = None,
              customers: Mapping[int, str] | None = None) -> list[str]:
    amount, estimate = charge_of(order)
    values: dict[str, Any] = {
        "local_id": order.id,
        # ISO 8601 with its zone, as the CLI's JSON: a reader never has to guess the zone.
        "created_at": order.created_at.astimezone(UTC).isoformat(timespec="seconds"),
        "panel": (panel_names or {}).get(order.panel_id, order.panel_id),
        "order_id": order.remote_id,
        "service_id": order.service_id or "",
        "service": order.service_name,
        "service_type": order.service_type,
        "link": order.link,
        "quantity": order.quantity,
        "charge": amount,
        "charge_is_estimate": "yes" if estimate else "",
        "currency": order.currency,
        "start_count": order.start_count,
        "remains": order.remains,
        "status": status_key(order),
        "panel_status": order.raw_status,
        "runs": order.runs,
        "interval": order.interval,
        "error": order.error,  # the panel's (or the network's) own words
        "outcome": order.outcome.value if order.outcome is not None else "",  # why, as a code
        "customer": (customers or {}).get(order.customer_id, str(order.customer_id))
        if order.customer_id is not None else "",
        "sell_price": order.sell_price,
        "profit": order.profit_home,  # home currency; empty without a sale or a rate
    }
    return [neutralise(_text(values[c])) for c in COLUMNS]


def write_orders_csv(
    target: Path | str | IO[str],
    orders: Iterable[LocalOrder],
    panel_names: Mapping[str, str] | None = None,
    customers: Mapping[int, str] | None = None,
) -> int:
    """Write a header and one line per order; returns the number of orders written.

    A path is written atomically enough for a person (to ``<name>.part`` then renamed), so a
    failed export never leaves half a file under the chosen name."""
    if isinstance(target, (str, Path)):
        return _to_file(Path(target), lambda fh: _write(fh, orders, panel_names, customers))
    target.write(BOM)
    return _write(target, orders, panel_names, customers)


def write_table(target: Path | str | IO[str], rows: Iterable[Iterable[str]]) -> int:
    """Write ``rows`` of text cells, each neutralised, the way ``write_orders_csv`` writes a
    file (a BOM, 0600, whole or not at all); returns the number of rows."""

    def write(fh: IO[str]) -> int:
        w = csv.writer(fh, lineterminator="\r\n")
        n = 0
        for row in rows:
            w.writerow([neutralise(c) for c in row])
            n += 1
        return n

    if isinstance(target, (str, Path)):
        return _to_file(Path(target), write)
    target.write(BOM)
    return write(target)


def _to_file(path: Path, write: Callable[[IO[str]], int]) -> int:
    part = path.with_name(path.name + ".part")
    fd = fsutil.open_private(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    if os.name == "posix":
        os.fchmod(fd, fsutil.PRIVATE_FILE)  # a .part left over by an older version
    with os.fdopen(fd, "w", encoding=ENCODING, newline="") as fh:
        n = write(fh)
    part.replace(path)
    return n


def _write(fh: IO[str], orders: Iterable[LocalOrder], panel_names: Mapping[str, str] | None,
           customers: Mapping[int, str] | None = None) -> int:
    w = csv.writer(fh, lineterminator="\r\n")
    w.writerow(COLUMNS)
    n = 0
    for o in orders:
        w.writerow(order_row(o, panel_names, customers))
        n += 1
    return n


def read_orders_csv(source: Path | str | IO[str]) -> list[dict[str, str]]:
    """Read an export back (the round-trip test, re-imports): column -> text, guards removed."""
    if isinstance(source, (str, Path)):
        with open(source, encoding=ENCODING, newline="") as fh:
            return read_orders_csv(fh)
    text = source.read()
    if text.startswith(BOM):
        text = text[1:]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return [{k: restore(v) for k, v in row.items()} for row in reader]


def decimal_or_none(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None

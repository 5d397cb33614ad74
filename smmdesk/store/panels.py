"""The panels and their balances (tables ``panels``, ``balances``): ``PanelStore(db)``.

Engine-neutral contract (the PostgreSQL engine offers the same methods, same meaning):
``insert_panel``, ``update_panel`` (name, url, currency), ``remove_panel`` (hidden, or deleted
with its services and orders), ``get_panel``, ``list_panels`` (oldest first),
``add_unsupported`` (a feature the panel said it lacks), ``set_last_sync``/``last_sync_at``,
``services_refreshed_at``, ``add_balance`` (also the panel's currency) and ``last_balance``.
No API key is ever stored: ``panels`` has no key column.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from smmdesk.models import Balance, Panel
from smmdesk.store import values as clock  # clock.now_ms: the one clock tests move
from smmdesk.store.database import Database
from smmdesk.store.values import from_ms, to_ms

__all__ = ["PANEL_COLUMNS", "PanelStore", "row_to_panel"]

PANEL_COLUMNS = "id, name, url, currency, is_demo, created_at, unsupported"


def row_to_panel(r: tuple) -> Panel:
    return Panel(
        id=r[0],
        name=r[1],
        url=r[2],
        currency=r[3],
        is_demo=bool(r[4]),
        created_at=from_ms(r[5]),
        unsupported=frozenset(x for x in (r[6] or "").split(",") if x),
    )


class PanelStore:
    """SQL over ``panels`` and ``balances``, on the shared ``Database``."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- panels ----------------------------------------------------------------------------------

    def insert_panel(self, panel: Panel) -> Panel:
        created = to_ms(panel.created_at or datetime.now(UTC))
        with self.db.transaction() as c:
            if panel.created_at is None:
                # Panels list in the order they were added: two added within one millisecond
                # must not fall back on their random ids' order.
                (latest,) = c.execute("SELECT MAX(created_at) FROM panels").fetchone()
                created = max(created, (latest or 0) + 1)
            c.execute(
                "INSERT INTO panels (id, name, url, currency, is_demo, created_at, unsupported) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (panel.id, panel.name, panel.url, panel.currency, self.db.flag(panel.is_demo),
                 created, ",".join(sorted(panel.unsupported))),
            )
        return self.get_panel(panel.id)  # type: ignore[return-value]

    def update_panel(self, panel_id: str, **values: Any) -> Panel:
        allowed = {"name", "url", "currency"}
        sets = {k: v for k, v in values.items() if k in allowed and v is not None}
        if sets:
            with self.db.transaction() as c:
                c.execute(
                    f"UPDATE panels SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
                    (*sets.values(), panel_id),
                )
        panel = self.get_panel(panel_id)
        if panel is None:
            raise KeyError(panel_id)
        return panel

    def remove_panel(self, panel_id: str, *, keep_history: bool = True) -> None:
        """Hide the panel; with ``keep_history=False`` also delete its services and orders."""
        with self.db.transaction() as c:
            if keep_history:
                c.execute("UPDATE panels SET removed_at = ? WHERE id = ?",
                          (clock.now_ms(), panel_id))
            else:
                c.execute("DELETE FROM panels WHERE id = ?", (panel_id,))

    def get_panel(self, panel_id: str, *, include_removed: bool = True) -> Panel | None:
        sql = f"SELECT {PANEL_COLUMNS} FROM panels WHERE id = ?"
        if not include_removed:
            sql += " AND removed_at IS NULL"
        rows = self.db.read(sql, (panel_id,))
        return row_to_panel(rows[0]) if rows else None

    def list_panels(self, *, include_removed: bool = False) -> list[Panel]:
        sql = f"SELECT {PANEL_COLUMNS} FROM panels"
        if not include_removed:
            sql += " WHERE removed_at IS NULL"
        return [row_to_panel(r) for r in self.db.read(sql + " ORDER BY created_at, id")]

    def add_unsupported(self, panel_id: str, feature: str) -> None:
        with self.db.transaction() as c:
            row = c.execute("SELECT unsupported FROM panels WHERE id = ?", (panel_id,)).fetchone()
            if row is None:
                return
            features = {x for x in row[0].split(",") if x} | {feature}
            c.execute(
                "UPDATE panels SET unsupported = ? WHERE id = ?",
                (",".join(sorted(features)), panel_id),
            )

    def set_last_sync(self, panel_id: str, at_ms: int | None = None) -> None:
        with self.db.transaction() as c:
            c.execute("UPDATE panels SET last_sync_at = ? WHERE id = ?",
                      (at_ms or clock.now_ms(), panel_id))

    def last_sync_at(self, panel_id: str) -> datetime | None:
        rows = self.db.read("SELECT last_sync_at FROM panels WHERE id = ?", (panel_id,))
        return from_ms(rows[0][0]) if rows else None

    def services_refreshed_at(self, panel_id: str) -> datetime | None:
        rows = self.db.read("SELECT services_refreshed_at FROM panels WHERE id = ?", (panel_id,))
        return from_ms(rows[0][0]) if rows else None

    # -- balances --------------------------------------------------------------------------------

    def add_balance(self, panel_id: str, balance: Balance) -> datetime:
        at = clock.now_ms()
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO balances (panel_id, amount, currency, at) VALUES (?, ?, ?, ?)",
                (panel_id, str(balance.amount), balance.currency, at),
            )
            c.execute(
                "UPDATE panels SET currency = ? WHERE id = ?", (balance.currency or None, panel_id)
            )
        return from_ms(at)  # type: ignore[return-value]

    def last_balance(self, panel_id: str) -> tuple[Balance, datetime] | None:
        rows = self.db.read(
            "SELECT amount, currency, at FROM balances WHERE panel_id = ? "
            "ORDER BY at DESC, id DESC LIMIT 1",
            (panel_id,),
        )
        if not rows:
            return None
        amount, currency, at = rows[0]
        return Balance(Decimal(amount), currency), from_ms(at)  # type: ignore[return-value]


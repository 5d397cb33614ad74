"""What a login may not read reads as NULL: the columns (and tables) the admin took from the
viewers (``schema.set_viewer_prices(conn, False)``) are shadowed, for that connection only, by
temporary views of the same names.

The repositories' SQL is one for every role (``SELECT charge FROM orders``, ``SELECT * FROM
balances``); the server refuses a viewer such a column. So when a connection opens, the
columns of ``PRICE_COLUMNS`` its login may not SELECT are looked up
(``has_column_privilege``), and for each table holding one a ``TEMPORARY VIEW`` of the table's
own name is made: its columns in the table's order, the hidden ones as ``NULL`` of their type;
a table denied whole is an empty view. The session's temporary schema is searched before
``smmdesk`` (it is not named in the search path), so the same SQL reads NULL prices, an empty
balances table, no alerts — and the desk opens every page. A login that may read everything
(admin, operator, a viewer allowed prices) gets no view at all.

The views are made when the connection opens: an admin's change of the choice reaches a desk's
connections when they open again (the next start, or a reconnect).
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

__all__ = ["PRICE_COLUMNS", "mask_hidden_columns"]

# Columns a viewer may be denied (``set_viewer_prices``): a table listed with None is denied
# whole (every row of it is money).
PRICE_COLUMNS: dict[str, tuple[str, ...] | None] = {
    "services": ("rate", "previous_rate"),
    "orders": ("charge_estimate", "charge", "sell_price"),
    "order_events": ("charge",),
    "schedules": ("base_rate",),
    "balances": None,
    "alerts": None,  # their messages name balances and prices
    # The books (step 5, their tally kept from step 6): revenue, cost, margins, payments.
    "ledger_tally": None,
    "payments": None,
    "price_rules": None,
    "catalogue_changes": ("old_rate", "new_rate"),
}

_HIDDEN = """
SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod),
       has_column_privilege(c.oid, a.attnum, 'SELECT')
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE n.nspname = %s AND c.relname = ANY(%s) AND c.relkind IN ('r', 'p')
 ORDER BY c.relname, a.attnum
"""


def mask_hidden_columns(conn: psycopg.Connection[Any], schema: str) -> list[str]:
    """Shadow, for this connection, each money table with columns its login may not read (see
    the module's docstring); the names of the tables shadowed. In the connection's current
    transaction (the caller commits). ``schema``: the team's tables' schema."""
    tables: dict[str, list[tuple[str, str, bool]]] = {}
    for table, column, type_, readable in conn.execute(
            _HIDDEN, (schema, list(PRICE_COLUMNS))).fetchall():
        tables.setdefault(table, []).append((column, type_, readable))
    masked = []
    for table, columns in tables.items():
        if all(readable for _, _, readable in columns):
            continue
        whole = not any(readable for _, _, readable in columns)
        items = [
            sql.SQL("{}").format(sql.Identifier(column)) if readable and not whole
            else sql.SQL("NULL::{} AS {}").format(sql.SQL(type_), sql.Identifier(column))
            for column, type_, readable in columns]
        body = (sql.SQL("SELECT {} WHERE false").format(sql.SQL(", ").join(items)) if whole
                else sql.SQL("SELECT {} FROM {}").format(sql.SQL(", ").join(items),
                                                         sql.Identifier(schema, table)))
        conn.execute(sql.SQL("CREATE TEMPORARY VIEW {} AS {}").format(
            sql.Identifier(table), body))
        # Its owner's rights on it as the table's: reading only (``has_table_privilege``
        # answers for the view, whose owner would otherwise hold every right).
        conn.execute(sql.SQL("REVOKE ALL ON {} FROM CURRENT_USER").format(
            sql.Identifier("pg_temp", table)))
        conn.execute(sql.SQL("GRANT SELECT ON {} TO CURRENT_USER").format(
            sql.Identifier("pg_temp", table)))
        masked.append(table)
    return masked

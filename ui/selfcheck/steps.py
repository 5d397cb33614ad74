"""The self-check's steps: the demo panel, services, the table, the order form, the history, TLS
and, with ``--store``, the team store.

They drive the real window as a person would (through the views' own code paths) and register
with ``@step`` in the order they run.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from smmdesk import tlscheck
from smmdesk.models import LocalOrder, SubmitState
from ui.orders.view import OrdersView
from ui.selfcheck.runner import SelfCheck, SelfCheckError, step
from ui.shell.main_window import View


@step("demo panel")
def _demo_panel(check: SelfCheck) -> str | None:
    check.values["keyring_available"] = check.workspace.keyring_available
    check.wait_until(lambda: bool(check.events["panels"]), "the panel list")
    check.window.start_demo()
    check.wait_until(lambda: bool(check.events["demo"]), "the demo panel to start")
    panel_id = check.events["demo"][-1][0]
    check.values["demo_panel_id"] = panel_id
    panels = check.call(check.workspace.panels, what="listing panels")
    if not any(p.id == panel_id and p.is_demo for p in panels):
        raise SelfCheckError("the demo panel was not added to the workspace")
    return "demo panel"


@step("services")
def _services(check: SelfCheck) -> str | None:
    check.wait_until(lambda: bool(check.events["refresh"]), "the services refresh")
    summary = check.events["refresh"][-1][0]
    services = check.call(
        check.workspace.services, check.values["demo_panel_id"], what="reading the services"
    )
    if not services:
        raise SelfCheckError(f"no services after the refresh ({summary})")
    check.values["services"] = len(services)
    return f"{len(services)} services"


@step("table")
def _table(check: SelfCheck) -> str | None:
    expected = check.values["services"]
    model = check.window.services_view.model
    check.wait_until(
        lambda: model.total_count == expected, f"the table to show {expected} services"
    )
    view = check.window.services_view
    view.clear_search()
    rows = model.rowCount()
    if rows != expected:
        raise SelfCheckError(f"the table shows {rows} rows, expected {expected}")
    # Search for the first service's first word: the filter must find it and narrow the list.
    word = model.row_at(0).service.name.split()[0]
    view.search.setText(word)
    view.apply_filter_now()
    if not 0 < model.rowCount() <= rows:
        raise SelfCheckError(f"searching {word!r} gave {model.rowCount()} rows")
    view.clear_search()
    return f"table {rows} rows"


# Placed through the order form's own code path (fill, then the place button's place_now):
# service id in the simulator's fixed catalogue -> the values typed into the form. The links
# carry a per-run tag: the demo refuses a second active order on the same link.
def _form_cases(tag: str, comments: int) -> list[tuple[int, str, dict[str, str]]]:
    return [
        (1, "Default + drip-feed", {
            "link": f"https://instagram.com/sc{tag}a", "quantity": "100",
            "runs": "3", "interval": "10",
        }),
        (4, "Custom Comments", {
            "link": f"https://instagram.com/p/sc{tag}b",
            "comments": "\n".join(f"great post {i + 1}" for i in range(comments)),
        }),
        (16, "Subscriptions", {
            "username": f"sc{tag}", "min": "100", "max": "200", "delay": "30",
        }),
        (13, "Poll", {
            "link": f"https://t.me/sc{tag}/5", "quantity": "100", "answer_number": "1",
        }),
    ]


@step("order form")
def _order_form(check: SelfCheck) -> str | None:
    window = check.window
    form = window.order_form
    pid = check.values["demo_panel_id"]
    check.record("placements", form.placementFinished)
    done = check.events["placements"]
    comments_min = check.call(
        check.workspace.service, pid, 4, what="reading the Custom Comments service"
    )
    lines = max(10, int(comments_min.min) if comments_min is not None else 10)
    tag = f"{int(time.time() * 1000):x}"
    ask_duplicate = form.confirm_duplicate
    form.confirm_duplicate = lambda _title, _text: False  # a duplicate would be a failure
    placed: list[int] = []
    try:
        for sid, label, values in _form_cases(tag, lines):
            window.order_service(pid, sid)  # what a double-click in the table does
            check.wait_until(lambda: form.loaded, f"the form for service {sid}")
            if form.service is None or form.service.id != sid:
                raise SelfCheckError(f"{label}: service {sid} did not load into the form")
            form.fill(values)
            n = len(done)
            if form.place_now(confirm=False) is None:
                raise SelfCheckError(f"{label} (service {sid}) not sent: {form.problems()}")
            check.wait_until(lambda n=n: len(done) > n, f"the {label} order")
            order = done[-1][0]
            if order is None or order.submit_state is not SubmitState.PLACED:
                raise SelfCheckError(f"{label} (service {sid}): {form.result.text()}")
            placed.append(order.id)
    finally:
        form.confirm_duplicate = ask_duplicate
    check.values["form_orders"] = placed
    return f"{len(placed)} orders via form"


@step("history")
def _history(check: SelfCheck) -> str | None:
    window = check.window
    view = window.history_view
    window.set_view(View.ORDERS)  # the Orders page, as a person would look at it
    fragment = history_sync_step(check, view)
    for local_id in check.values.get("form_orders", []):
        view.show_order(local_id)
        check.wait_until(
            lambda i=local_id: (o := view.selected_order()) is not None and o.id == i,
            f"order {local_id} in the history",
        )
    return fragment


@step("tls")
def _tls(check: SelfCheck) -> str | None:
    """A verified HTTPS connection through the panel client to a local TLS server whose test
    certificate is made now (smmdesk.tlscheck): the bundle's OpenSSL, certificate and host name
    verification work, and an unknown certificate is refused. Runs on the task runner."""
    return check.call(tlscheck.run_tls_check, what="the TLS check", task_name="tls_check")


@step("team store")
def _team_store(check: SelfCheck) -> str | None:
    """With ``--store ADDRESS`` only: one connection test to that team store (the one Settings →
    Team workspace runs), which must find the team and this login in it. It proves the app's
    PostgreSQL driver loads its libpq and talks to a server (in a bundle: with the libraries the
    bundle carries). The window's own workspace stays the local one."""
    if check.store is None:
        return None
    # Deliberately lazy: the driver loads only when a team store is asked for.
    from smmdesk.team.connection_check import check_team_store

    found = check.call(check_team_store, check.store, what="the team store's connection test",
                       task_name="team_store_check")
    if not found.ok:
        raise SelfCheckError(f"the team store at {found.where}: {found.kind.value} {found.detail}")
    import psycopg  # loaded by the test above

    libpq = psycopg.pq.version_pretty(psycopg.pq.version())
    return f"team store {found.role} (libpq {libpq}, {psycopg.pq.__impl__})"




def history_sync_step(check: SelfCheck, view: OrdersView | None = None) -> str:
    """For ``main.py --self-check`` (after the demo panel and services steps): place one demo
    order, sync statuses through the history's own sync, and see the order in the table.

    ``check`` is ``ui.selfcheck.SelfCheck``; ``view`` defaults to ``check.window.history_view``
    (or a standalone view when the window has none)."""
    standalone = False
    if view is None:
        view = getattr(check.window, "history_view", None)
    if view is None:
        view = OrdersView(check.workspace, check.runner, autostart=False)
        view.resize(1200, 700)
        view.show()
        standalone = True
    try:
        panel_id = check.values.get("demo_panel_id")
        placed: LocalOrder | None = None
        if panel_id:
            services = check.call(check.workspace.services, panel_id, what="reading services")
            svc = next((r.service for r in services if r.service.type == "Default"), None)
            if svc is not None:
                placed = check.call(
                    check.workspace.place_order, panel_id, svc.id,
                    # A link of its own per run: the demo refuses a second active order on one.
                    {"link": f"https://example.com/self-check-{uuid.uuid4().hex[:12]}",
                     "quantity": str(svc.min)},
                    panel_id=panel_id, what="placing a demo order")
        done: list[Any] = []
        view.sync_finished.connect(done.append)
        view.refresh_now()
        check.wait_until(lambda: bool(done), "the status sync")
        report = done[-1]
        view.apply_filter_now()
        if placed is not None:
            view.show_order(placed.id)
            check.wait_until(lambda: view.selected_order() is not None
                             and view.selected_order().id == placed.id,
                             "the placed order in the history")
        else:
            check.wait_until(lambda: not view.model.loading, "the history to load")
        if report.errors:
            raise SelfCheckError("status sync: " + "; ".join(report.errors))
        return f"history {view.model.total} orders, sync {report.requests} request(s)"
    finally:
        if standalone:
            view.close()
            view.deleteLater()

"""Refill and cancel requests for orders the panels hold, and the status of asked refills.

Grouped per panel, ≤100 ids per request (the client's batches); "accepted" means *requested*,
never done — the next status sync shows what the panel made of it. A panel answering "Incorrect
request" to an action is remembered as not offering it (``Panel.unsupported``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import methodcaller
from typing import Any

from smmdesk.api import normalize_state
from smmdesk.errors import ApiError, ErrorKind, PanelError
from smmdesk.models import LocalOrder, SubmitState
from smmdesk.panels import Panels
from smmdesk.secrets import SecretsError
from smmdesk.store import Store

__all__ = ["ActionResult", "OrderActions"]


@dataclass(frozen=True, slots=True)
class ActionResult:
    """What happened to one order in a refill or cancel request. ``ok``: the panel accepted the
    request (which means *requested*, not done)."""

    local_id: int
    ok: bool
    message: str
    refill_id: str | None = None
    # The panel answered the whole request, not this order (an error for every order of the
    # batch, or no answer): it says nothing for good about this one order.
    panel_wide: bool = False


class OrderActions:
    """Refill, cancel and refill statuses (module doc)."""

    def __init__(self, store: Store, panels: Panels) -> None:
        self.store = store
        self.panels = panels

    def _by_panel(self, local_ids: Iterable[int]) -> dict[str, list[LocalOrder]]:
        groups: dict[str, list[LocalOrder]] = {}
        for o in self.store.orders.get_orders(list(dict.fromkeys(local_ids))):
            groups.setdefault(o.panel_id, []).append(o)
        return groups

    def _batch_action(
        self, feature: str, local_ids: Iterable[int]
    ) -> tuple[list[ActionResult], dict[str, tuple[list[LocalOrder], dict[int, Any]]]]:
        """Common part of refill/cancel: group by panel, send, record "Incorrect request"."""
        results: list[ActionResult] = []
        answers: dict[str, tuple[list[LocalOrder], dict[int, Any]]] = {}
        for panel_id, orders in self._by_panel(local_ids).items():
            sendable = [o for o in orders if o.remote_id is not None
                        and o.submit_state is SubmitState.PLACED]
            for o in orders:
                if o not in sendable:
                    results.append(ActionResult(o.id, False, "This order was not placed."))
            if not sendable:
                continue
            panel = self.store.panels.get_panel(panel_id)
            if panel is not None and feature in panel.unsupported:
                results.extend(ActionResult(o.id, False, f"This panel does not support {feature}.",
                                            panel_wide=True) for o in sendable)
                continue
            ids = [o.remote_id for o in sendable if o.remote_id is not None]
            method = "refills" if feature == "refill" else "cancel"
            try:
                answer = self.panels.network(panel_id, methodcaller(method, ids))
            except ApiError as e:
                if e.kind is ErrorKind.UNSUPPORTED:
                    self.store.panels.add_unsupported(panel_id, feature)
                    msg = f"This panel does not support {feature} ({e.message})."
                else:
                    msg = e.message
                results.extend(ActionResult(o.id, False, msg, panel_wide=True) for o in sendable)
                continue
            except (PanelError, SecretsError) as e:
                results.extend(ActionResult(o.id, False, str(e), panel_wide=True)
                               for o in sendable)
                continue
            answers[panel_id] = (sendable, answer)
        return results, answers

    def refill(self, local_ids: Iterable[int]) -> list[ActionResult]:
        """Ask for refills (≤100 per request). Accepted means requested, not done."""
        results, answers = self._batch_action("refill", local_ids)
        for sendable, answer in answers.values():
            for o in sendable:
                value = answer.get(o.remote_id) if o.remote_id is not None else None
                if isinstance(value, str):
                    self.store.orders.add_refill(o.id, value, None)
                    results.append(ActionResult(o.id, True, f"Refill #{value} requested.", value))
                else:
                    msg = value.message if isinstance(value, ApiError) else "no answer"
                    self.store.orders.add_refill(o.id, None, msg)
                    # an error of a whole later chunk (PanelClient._write_batch) is not this order's
                    wide = not isinstance(value, ApiError) or value.__cause__ is not None
                    results.append(ActionResult(o.id, False, msg, panel_wide=wide))
        return results

    def refill_statuses(self, panel_id: str | None = None) -> int:
        """Refresh pending refills; returns how many were asked about."""
        groups: dict[str, list[tuple[int, str]]] = {}
        for rowid, pid, rid in self.store.orders.pending_refills(panel_id):
            groups.setdefault(pid, []).append((rowid, rid))
        asked = 0
        for pid, items in groups.items():
            panel = self.store.panels.get_panel(pid, include_removed=False)
            if panel is None or "refill_status" in panel.unsupported:
                continue
            refill_ids = [rid for _, rid in items]
            try:
                answer = self.panels.network(pid, methodcaller("refill_statuses", refill_ids))
            except ApiError as e:
                if e.kind is ErrorKind.UNSUPPORTED:
                    self.store.panels.add_unsupported(pid, "refill_status")
                continue
            except (PanelError, SecretsError):
                continue
            for rowid, rid in items:
                value = answer.get(rid)
                asked += 1
                if isinstance(value, str):
                    words = value.strip().lower()
                    state = "rejected" if "reject" in words else normalize_state(value).value
                    self.store.orders.update_refill(rowid, state, value)
                elif isinstance(value, ApiError):
                    self.store.orders.update_refill(rowid, "unknown", None, value.message)
        return asked

    def cancel(self, local_ids: Iterable[int]) -> list[ActionResult]:
        """Ask the panel to cancel orders. Accepted means requested: sync shows the outcome."""
        results, answers = self._batch_action("cancel", local_ids)
        for sendable, answer in answers.values():
            for o in sendable:
                value = answer.get(o.remote_id) if o.remote_id is not None else None
                if value is True:
                    self.store.orders.add_event(o.id, "cancel", "cancel requested")
                    results.append(ActionResult(o.id, True, "Cancel requested."))
                else:
                    msg = (value.message if isinstance(value, ApiError)
                           else "The panel refused to cancel this order.")
                    self.store.orders.add_event(o.id, "cancel", f"cancel refused: {msg}")
                    results.append(ActionResult(o.id, False, msg))
        return results

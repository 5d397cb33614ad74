"""Show the core's stored English notes in the person's language.

The store keeps order-event notes and order errors as text (the database outlives any UI
language, and the panel's own words must be kept verbatim). The fixed phrases the core itself
writes are matched here and translated; the parts that came from the panel or the network are
passed through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

CONTEXT = "CoreText"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# (pattern over the stored text, builder of the translated text from the match)
_PHRASES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^sending to the panel$"), lambda m: _tr("sending to the panel")),
    (re.compile(r"^placed as #(\d+)$"), lambda m: _tr("placed as #%1").replace("%1", m[1])),
    (re.compile(r"^Placed as #(\d+) \(checked by you\)$"),
     lambda m: _tr("Placed as #%1 (checked by you)").replace("%1", m[1])),
    (re.compile(r"^Not placed \(checked by you\)$"), lambda m: _tr("Not placed (checked by you)")),
    (re.compile(r"^not found on the panel$"), lambda m: _tr("not found on the panel")),
    (re.compile(r"^tracked by id$"), lambda m: _tr("tracked by ID")),
    (re.compile(r"^not found: (.*)$", re.S), lambda m: _tr("not found: %1").replace("%1", m[1])),
    (re.compile(r"^refill #(\S+) asked$"),
     lambda m: _tr("refill #%1 requested").replace("%1", m[1])),
    (re.compile(r"^refill refused: (.*)$", re.S),
     lambda m: _tr("refill refused: %1").replace("%1", m[1])),
    (re.compile(r"^cancel requested$"), lambda m: _tr("cancel requested")),
    (re.compile(r"^cancel refused: (.*)$", re.S),
     lambda m: _tr("cancel refused: %1").replace("%1", m[1])),
    (re.compile(r"^The app stopped while sending this order: it may have been placed\.$"),
     lambda m: _tr("The app stopped while sending this order: it may have been placed.")),
    (re.compile(r"^Not sent: the panel is limiting requests \((.*)\); nothing was placed\.$", re.S),
     lambda m: _tr("Not sent: the panel is limiting requests (%1); nothing was placed.")
     .replace("%1", m[1])),
    (re.compile(r"^Not sent: (.*)$", re.S), lambda m: _tr("Not sent: %1").replace("%1", m[1])),
    (re.compile(r"^The panel's answer could not be read \((\w+)\); the order may have been "
                r"placed\. Check the panel's order list before ordering again\.$"),
     lambda m: _tr("The panel's answer could not be read (%1); the order may have been placed. "
                   "Check the panel's order list before ordering again.").replace("%1", m[1])),
    (re.compile(r"^Unexpected error while sending \((\w+)\); the order may have been placed\.$"),
     lambda m: _tr("Unexpected error while sending (%1); the order may have been placed.")
     .replace("%1", m[1])),
    # automation (issue 15): why a schedule paused or a run was not placed
    (re.compile(r"^Paused by you$"), lambda m: _tr("Paused by you")),
    (re.compile(r"^The panel was removed\.$"), lambda m: _tr("The panel was removed.")),
    (re.compile(r"^The service is no longer in the panel's list\.$"),
     lambda m: _tr("The service is no longer in the panel's list.")),
    (re.compile(r"^The price rose from (\S+) to (\S+) \(more than (\S+) %\)\.$"),
     lambda m: _tr("The price rose from %1 to %2 (more than %3 %).").replace("%1", m[1])
     .replace("%2", m[2]).replace("%3", m[3])),
    (re.compile(r"^Order (\d+) on (.*), on the same link, may have been placed and is not "
                r"resolved: check that panel's order list and resolve the order in the history "
                r"first\.$", re.S),
     lambda m: _tr("Order %1 on %2, on the same link, may have been placed and is not resolved: "
                   "check that panel's order list and resolve the order in the history first.")
     .replace("%1", m[1]).replace("%2", m[2])),
    (re.compile(r"^The order is no longer valid: (.*)$", re.S),
     lambda m: _tr("The order is no longer valid: %1").replace("%1", m[1])),
    (re.compile(r"^The app was not running at this time\.$"),
     lambda m: _tr("The app was not running at this time.")),
    (re.compile(r"^(\d+) more runs were missed up to this time\.$"),
     lambda m: _tr("%1 more runs were missed up to this time.").replace("%1", m[1])),
    # issue 22: why a run was missed, or waits
    (re.compile(r"^SMM Desk was not running \(or the computer was asleep\) at this time\.$"),
     lambda m: _tr("SMM Desk was not running (or the computer was asleep) at this time.")),
    (re.compile(r"^SMM Desk could not place it in time\.$"),
     lambda m: _tr("SMM Desk could not place it in time.")),
    (re.compile(r"^The schedule was paused at this time\.$"),
     lambda m: _tr("The schedule was paused at this time.")),
    (re.compile(r"^All automation was paused at this time\.$"),
     lambda m: _tr("All automation was paused at this time.")),
    (re.compile(r"^Schedules were held at this time: the computer's clock jumped\.$"),
     lambda m: _tr("Schedules were held at this time: the computer's clock jumped.")),
    (re.compile(r"^Not placed in time: (.*)$", re.S),
     lambda m: _tr("Not placed in time: %1").replace("%1", core_text(m[1]))),
    (re.compile(r"^The price could not be checked: (.*)$", re.S),
     lambda m: _tr("The price could not be checked: %1").replace("%1", m[1])),
    (re.compile(r"^The price could not be checked \((\w+)\)\.$"),
     lambda m: _tr("The price could not be checked (%1).").replace("%1", m[1])),
    (re.compile(r"^The refill window has ended\.$"),
     lambda m: _tr("The refill window has ended.")),
    # issue 22: an order placed with the panel's words beside its id (api.classify_add)
    (re.compile(r"^Placed, and the panel also said: (.*)$", re.S),
     lambda m: _tr("Placed, and the panel also said: %1").replace("%1", m[1])),
    (re.compile(r"^placed as #(\d+), and the panel also said: (.*)$", re.S),
     lambda m: _tr("placed as #%1, and the panel also said: %2").replace("%1", m[1])
     .replace("%2", m[2])),
    # issue 22: why an order is uncertain, then the one advice (workspace.uncertain_text)
    (re.compile(r"^The panel's answer could not be read \(([^)]*)\)\.$"),
     lambda m: _tr("The panel's answer could not be read (%1).").replace("%1", m[1])),
    (re.compile(r"^Unexpected error while sending \((\w+)\)\.$"),
     lambda m: _tr("Unexpected error while sending (%1).").replace("%1", m[1])),
    (re.compile(r"^The panel answered with order #(\d+), which is already recorded for order "
                r"(\S+)\.$"),
     lambda m: _tr("The panel answered with order #%1, which is already recorded for order %2.")
     .replace("%1", m[1]).replace("%2", m[2])),
    (re.compile(r"^The panel answered with order #(\d+), but saving that failed \((\w+)\)\.$"),
     lambda m: _tr("The panel answered with order #%1, but saving that failed (%2).")
     .replace("%1", m[1]).replace("%2", m[2])),
    (re.compile(r"^The panel answered, but saving its answer failed \((\w+)\)\.$"),
     lambda m: _tr("The panel answered, but saving its answer failed (%1).").replace("%1", m[1])),
    (re.compile(r"^The panel answered with an empty error and no order id\.$"),
     lambda m: _tr("The panel answered with an empty error and no order id.")),
    (re.compile(r"^The panel answered with order (.*), which is not an order id\.$", re.S),
     lambda m: _tr("The panel answered with order %1, which is not an order id.")
     .replace("%1", m[1])),
    (re.compile(r"^The panel's answer has no order id: (.*)$", re.S),
     lambda m: _tr("The panel's answer has no order id: %1").replace("%1", m[1])),
    (re.compile(r"^(.*) The order may have been placed\. Check the panel's order list before "
                r"ordering again\.$", re.S),
     lambda m: core_text(m[1]) + " " + _tr("The order may have been placed.") + " "
     + _tr("Check the panel's order list before ordering again.")),
    (re.compile(r"^(.*) Check the panel's order list before ordering again\.$", re.S),
     lambda m: m[1] + " " + _tr("Check the panel's order list before ordering again.")),
]


def core_text(text: str | None) -> str:
    """``text`` translated when it is one of the core's own phrases, else unchanged."""
    if not text:
        return text or ""
    for pattern, build in _PHRASES:
        match = pattern.match(text)
        if match:
            return build(match)
    return text

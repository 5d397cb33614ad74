"""Show the core's outcomes and stored English notes in the person's language.

An order's outcome is a kind (``LocalOrder.outcome``) with the panel's words beside it:
``outcome_text`` words it through the core's one wording (``smmdesk.outcomes.describe``, its
templates translated in the context "outcomes"), never by reading text. What the core keeps as
text — order-event notes, a schedule's pause reason and runs, the rows an older version wrote in
words it could not read into a kind — is matched here: the outcome sentences through the same
templates, the other fixed phrases one by one; the parts that came from the panel or the network
are passed through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from smmdesk import outcomes
from smmdesk.models import LocalOrder, OutcomeKind
from smmdesk.servicetypes import Text, translate_text

CONTEXT = "CoreText"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# (pattern over the stored text, builder of the translated text from the match)
_PHRASES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^sending to the panel$"), lambda m: _tr("sending to the panel")),
    (re.compile(r"^placed as #(\d+)$"), lambda m: _tr("placed as #%1").replace("%1", m[1])),
    (re.compile(r"^Placed as #(\d+) \(checked by you\)$"),
     lambda m: _tr("Placed as #%1 (checked by you)").replace("%1", m[1])),
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
    (re.compile(r"^The panel's answer could not be read \((\w+)\); the order may have been "
                r"placed\. Check the panel's order list before ordering again\.$"),
     lambda m: _tr("The panel's answer could not be read (%1); the order may have been placed. "
                   "Check the panel's order list before ordering again.").replace("%1", m[1])),
    (re.compile(r"^Unexpected error while sending \((\w+)\); the order may have been placed\.$"),
     lambda m: _tr("Unexpected error while sending (%1); the order may have been placed.")
     .replace("%1", m[1])),
    # automation: why a schedule paused or a run was not placed
    (re.compile(r"^Paused by you$"), lambda m: _tr("Paused by you")),
    (re.compile(r"^The panel was removed\.$"), lambda m: _tr("The panel was removed.")),
    (re.compile(r"^The service is no longer in the panel's list\.$"),
     lambda m: _tr("The service is no longer in the panel's list.")),
    (re.compile(r"^The service is no longer in the panel's list\. (Its successor .*)$", re.S),
     lambda m: _tr("The service is no longer in the panel's list.") + " " + core_text(m[1])),
    (re.compile(r"^Its successor may be service (\d+) \((.*)\) on the same panel: re-point it "
                r"with “Use the successor”\.$", re.S),
     lambda m: _tr("Its successor may be service %1 (%2) on the same panel: re-point it with "
                   "“Use the successor”.").replace("%1", m[1]).replace("%2", m[2])),
    (re.compile(r"^Its successor may be service (\d+) \((.*)\) on panel (.*): re-point it "
                r"with “Use the successor”\.$", re.S),
     lambda m: _tr("Its successor may be service %1 (%2) on panel %3: re-point it with "
                   "“Use the successor”.").replace("%1", m[1]).replace("%2", m[2])
     .replace("%3", m[3])),
    (re.compile(r"^Waiting for its previous run \(order (\d+)\) on the same link to finish\.$"),
     lambda m: _tr("Waiting for its previous run (order %1) on the same link to finish.")
     .replace("%1", m[1])),
    (re.compile(r"^The price rose from (\S+) to (\S+) \(more than (\S+) %\)\.$"),
     lambda m: _tr("The price rose from %1 to %2 (more than %3 %).").replace("%1", m[1])
     .replace("%2", m[2]).replace("%3", m[3])),
    (re.compile(r"^Order (\d+) on (.*), on the same link, may have been placed and is not "
                r"resolved: check that panel's order list and resolve the order in "
                r"(?:the history|Orders) first\.$", re.S),  # "the history": older reasons
     lambda m: _tr("Order %1 on %2, on the same link, may have been placed and is not resolved: "
                   "check that panel's order list and resolve the order in Orders first.")
     .replace("%1", m[1]).replace("%2", m[2])),
    (re.compile(r"^The order is no longer valid: (.*)$", re.S),
     lambda m: _tr("The order is no longer valid: %1").replace("%1", m[1])),
    (re.compile(r"^The app was not running at this time\.$"),
     lambda m: _tr("The app was not running at this time.")),
    (re.compile(r"^(\d+) more runs were missed up to this time\.$"),
     lambda m: _tr("%1 more runs were missed up to this time.").replace("%1", m[1])),
    # why a run was missed, or waits
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
    (re.compile(r"^placed as #(\d+), and the panel also said: (.*)$", re.S),
     lambda m: _tr("placed as #%1, and the panel also said: %2").replace("%1", m[1])
     .replace("%2", m[2])),
    (re.compile(r"^(.*) Check the panel's order list before ordering again\.$", re.S),
     lambda m: m[1] + " " + _tr("Check the panel's order list before ordering again.")),
]


def _tr_outcome(text: str) -> str:
    return QCoreApplication.translate(outcomes.TRANSLATION_CONTEXT, text)


def describe_text(kind: OutcomeKind, detail: str | None = None) -> str:
    """An outcome in the person's language: ``outcomes.describe`` translated."""
    return translate_text(outcomes.describe(kind, detail), _tr_outcome)


def outcome_text(order: LocalOrder) -> str:
    """Why an order ended as it did, in the person's language: its kind worded, the panel's
    words beside it kept as they are; a row without a kind shows its stored text (translated
    when it is one of the core's phrases). '' when there is nothing to say."""
    if order.outcome is not None:
        return describe_text(order.outcome, order.error)
    return core_text(outcomes.describe_order(order))


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.*?)"
                    for i, p in enumerate(parts))
    return re.compile(f"^{regex}$", re.S)


# Every outcome sentence the core writes as text (``outcomes.describe``), the most specific
# (the most fixed words) first.
_OUTCOMES: list[tuple[re.Pattern[str], str]] = sorted(
    ((_template_pattern(t), t) for t in outcomes.ALL_TEMPLATES),
    key=lambda e: -len(re.sub(r"\{\w+\}", "", e[1])))


def core_text(text: str | None) -> str:
    """``text`` translated when it is one of the core's own phrases, else unchanged."""
    if not text:
        return text or ""
    for pattern, template in _OUTCOMES:
        match = pattern.match(text)
        if match:
            args = {k: core_text(v) if len(v) < len(text) else v
                    for k, v in match.groupdict().items()}
            return translate_text(Text(template, **args), _tr_outcome)
    for pattern, build in _PHRASES:
        match = pattern.match(text)
        if match:
            return build(match)
    return text

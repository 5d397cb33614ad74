"""The panel API: one ``PanelClient`` per panel, HTTP in, typed values out.

Three layers, from the outside in, each a module of its own:

* ``client`` — ``PanelClient`` sends one POST per call (``key``, ``action``, params as form
  fields), never follows a redirect, retries *reads* only, and turns transport failures into
  ``NetworkError``.
* ``answers`` — ``decode_body`` turns a raw HTTP answer into decoded JSON or the right
  ``PanelError``; ``parse_*`` and ``classify_add`` turn decoded JSON into models (pure: fuzzed
  without HTTP; every dialect panels are seen speaking).
* ``words`` — how panels word statuses and refusals (``normalize_state``, ``classify_error``).

Every documented name is importable from here (``from smmdesk.api import PanelClient``); the
errors are those of ``smmdesk.errors``. Nothing here ever puts the API key in a message, a
``repr`` or a log record.
"""

from __future__ import annotations

from typing import Any

from smmdesk.api.answers import (
    FIELD_LIMITS,
    MAX_ANSWER_BYTES,
    MAX_SERVICES,
    MISSING,
    SNIPPET_LEN,
    UNKNOWN_MAX,
    UNREADABLE,
    UNREADABLE_REASONS,
    AddAnswer,
    AnswerLimits,
    classify_add,
    decode_body,
    parse_add,
    parse_balance,
    parse_cancel,
    parse_refill,
    parse_refill_status,
    parse_refill_statuses,
    parse_refills,
    parse_services,
    parse_services_report,
    parse_status,
    parse_statuses,
    read_services,
)
from smmdesk.api.client import (
    BATCH_SIZE,
    CONNECT_TIMEOUT_CAP,
    DEADLINE_FACTOR,
    MAX_PARALLEL,
    MAYBE_SENT,
    MIN_DEADLINE,
    PanelClient,
    _transport,
)
from smmdesk.api.words import classify_error, normalize_state
from smmdesk.errors import (
    AnswerTooLargeError,
    ApiError,
    BadResponseError,
    DeadlineExceededError,
    ErrorKind,
    FieldTooLongError,
    NetworkError,
    PanelError,
    RateLimitedError,
    Stopped,
    TooManyServicesError,
)

__all__ = [
    "BATCH_SIZE",
    "CONNECT_TIMEOUT_CAP",
    "DEADLINE_FACTOR",
    "FIELD_LIMITS",
    "MAX_ANSWER_BYTES",
    "MAX_PARALLEL",
    "MAX_SERVICES",
    "MAYBE_SENT",
    "MIN_DEADLINE",
    "MISSING",
    "SNIPPET_LEN",
    "UNKNOWN_MAX",
    "UNREADABLE",
    "UNREADABLE_REASONS",
    "USER_AGENT",  # module __getattr__: read when asked
    "AddAnswer",
    "AnswerLimits",
    "AnswerTooLargeError",
    "ApiError",
    "BadResponseError",
    "DeadlineExceededError",
    "ErrorKind",
    "FieldTooLongError",
    "NetworkError",
    "PanelClient",
    "PanelError",
    "RateLimitedError",
    "Stopped",
    "TooManyServicesError",
    "classify_add",
    "classify_error",
    "decode_body",
    "normalize_state",
    "parse_add",
    "parse_balance",
    "parse_cancel",
    "parse_refill",
    "parse_refill_status",
    "parse_refill_statuses",
    "parse_refills",
    "parse_services",
    "parse_services_report",
    "parse_status",
    "parse_statuses",
    "read_services",
]


def __getattr__(name: str) -> Any:
    # ``USER_AGENT`` names requests' version: read when asked, so importing the API does not
    # load requests (``client._transport``).
    if name == "USER_AGENT":
        return _transport().USER_AGENT
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

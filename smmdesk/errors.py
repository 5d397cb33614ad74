"""The panel errors. ``smmdesk.api`` re-exports every name here; import them from there.

No exception ever carries the API key: messages hold the panel's text or a short,
redacted snippet of what came back.
"""

from __future__ import annotations

import enum


class ErrorKind(enum.Enum):
    AUTH = "auth"  # bad / unknown API key
    FUNDS = "funds"  # not enough balance
    QUANTITY = "quantity"  # below min / above max
    SERVICE = "service"  # unknown or disabled service id
    LINK_BUSY = "link_busy"  # an active order exists on this link
    ORDER_ID = "order_id"  # unknown order id
    UNSUPPORTED = "unsupported"  # "Incorrect request": the panel lacks this action
    OTHER = "other"


class PanelError(Exception):
    """Base class of every error the panel client raises."""


class Stopped(Exception):
    """Long work asked to stop (its ``should_stop`` said so) between two steps, before it
    changed anything: what was stored before is kept as it was."""


class ApiError(PanelError):
    """The panel answered and said no. ``message`` is the panel's text, exactly."""

    def __init__(self, message: str, kind: ErrorKind = ErrorKind.OTHER) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind

    def __repr__(self) -> str:
        return f"ApiError({self.message!r}, kind={self.kind.name})"


class BadResponseError(PanelError):
    """The answer was not what an API answers: HTML, Cloudflare, empty, broken JSON, wrong shape."""

    def __init__(
        self,
        reason: str,
        *,
        status_code: int | None = None,
        snippet: str = "",
        location: str | None = None,
    ) -> None:
        # "html", "cloudflare", "empty", "invalid_json", "shape", "http", "redirect",
        # and the limits on a hostile answer: "too_large", "too_many_services", "field_too_long"
        self.reason = reason
        self.status_code = status_code
        self.snippet = snippet
        # For "redirect": where the panel pointed (key-free). An https:// twin of an http://
        # URL means "fix the URL"; the client never follows it (the key is in the body).
        self.location = location
        text = f"{reason} (HTTP {status_code})" if status_code else reason
        if location:
            text += f" to {location}"
        if snippet:
            text += f": {snippet}"
        super().__init__(text)

    def __repr__(self) -> str:
        extra = f", location={self.location!r}" if self.location is not None else ""
        return (
            f"BadResponseError({self.reason!r}, status_code={self.status_code!r}, "
            f"snippet={self.snippet!r}{extra})"
        )


class NetworkError(PanelError):
    """No usable answer arrived.

    ``maybe_sent`` is True when the request may have reached the panel (timeout/reset after send).
    ``tls`` is True when the secure (https) connection itself failed: a certificate problem, or
    an https address on a port that speaks plain http.
    """

    def __init__(self, message: str, *, maybe_sent: bool, timeout: bool = False,
                 tls: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.maybe_sent = maybe_sent
        self.timeout = timeout
        self.tls = tls

    def __repr__(self) -> str:
        return f"NetworkError({self.message!r}, maybe_sent={self.maybe_sent})"


class RateLimitedError(PanelError):
    """HTTP 429. ``retry_after`` in seconds when the panel said, else None."""

    def __init__(self, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        msg = "rate limited"
        if retry_after is not None:
            msg += f" (retry after {retry_after:g} s)"
        super().__init__(msg)

    def __repr__(self) -> str:
        return f"RateLimitedError(retry_after={self.retry_after!r})"


# --------------------------------------------------------------------------- limits on an answer
# A hostile or broken panel must not be able to exhaust memory or hang a request: each limit the
# client enforces has its own error, with a message saying which limit and what to do.


# One unit everywhere a size is shown or set: an "MB" is 1,048,576 bytes, the unit of the
# ``max_answer_mb`` setting and of the README ("64 MB" is the 64 × 1,048,576-byte default).
MB = 1024 * 1024


def megabytes(n: int) -> str:
    """A byte count as people read the limits: ``64 MB`` (``MB``), bytes below one MB."""
    return f"{n / MB:.4g} MB" if n >= MB else f"{n:,} bytes"




class AnswerTooLargeError(BadResponseError):
    """The answer is bigger than the client's byte cap (``limit`` bytes); it was not read on."""

    def __init__(self, limit: int, *, status_code: int | None = None) -> None:
        self.limit = limit
        super().__init__(
            "too_large",
            status_code=status_code,
            snippet=f"the answer is larger than {megabytes(limit)}; it was not read to the end",
        )


class TooManyServicesError(BadResponseError):
    """The services list holds more than ``limit`` entries."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(
            "too_many_services", snippet=f"the services list has more than {limit:,} entries"
        )


class FieldTooLongError(BadResponseError):
    """A text field of the answer (``field``) is longer than ``limit`` characters."""

    def __init__(self, field: str, limit: int, length: int) -> None:
        self.field = field
        self.limit = limit
        self.length = length
        super().__init__(
            "field_too_long",
            snippet=f"a {field!r} of {length:,} characters (the limit is {limit:,})",
        )


class DeadlineExceededError(NetworkError):
    """The whole request (connect, headers and body) took longer than ``deadline`` seconds.

    A panel that drips its answer a byte at a time never trips a per-read timeout; this does.
    """

    def __init__(self, message: str, *, deadline: float, maybe_sent: bool = True) -> None:
        super().__init__(message, maybe_sent=maybe_sent, timeout=True)
        self.deadline = deadline

    def __repr__(self) -> str:
        return f"DeadlineExceededError({self.message!r}, deadline={self.deadline!r})"

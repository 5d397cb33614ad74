"""Panel URLs: what may be stored, which redirect target may be offered instead, and which host
a URL names — read by one parser, the one that sends the request.

``https://A\\@B/api`` is host B to Python's ``urlsplit`` and host A to urllib3, which requests
sends with: a check made with one and a request made with the other would accept a URL as
"B" and send the key to A. So every reading of a panel URL here — the check before it is
stored, the https-upgrade offer, the same-host test, ``Workspace.connected_as``/
``panel_address`` and the client's own host — goes through ``parse``, which is urllib3's
``parse_url`` (rule: docs/reliability.md, "Rules for unattended work").

Qt-free; ``Workspace`` uses ``check`` for every URL it stores or tests, the panel dialog uses
``https_upgrade`` through ``Workspace.https_upgrade``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

__all__ = [
    "KEY_PARAMS",
    "PanelUrlError",
    "UrlParts",
    "address",
    "check",
    "https_upgrade",
    "parse",
    "same_host",
]

# Query parameter names that carry an API key: a URL holding one would store the key in clear.
KEY_PARAMS = frozenset({"key", "api_key", "apikey", "api-key", "token", "api_token"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


class PanelUrlError(ValueError):
    """The URL cannot be a panel's API address (the message says why, in plain English)."""


@dataclass(frozen=True, slots=True)
class UrlParts:
    """A URL as the request reads it. ``host``: lower case, as urllib3 connects to it (an IPv6
    address in brackets); ``port``: None for the scheme's default."""

    scheme: str
    host: str
    port: int | None
    path: str
    query: str
    fragment: str
    auth: str | None


def parse(url: str) -> UrlParts | None:
    """``url`` read by urllib3's ``parse_url`` — the parser requests sends with — or None when
    it cannot read it. Never another parser for a panel URL."""
    # Deliberately lazy: urllib3 loads with the first request (see api.client._transport), not at
    # start-up; a URL is first read when a panel is added, tested or contacted.
    from urllib3.exceptions import LocationParseError
    from urllib3.util.url import parse_url

    try:
        parts = parse_url(url.strip())
    except (LocationParseError, ValueError):
        return None
    scheme = (parts.scheme or "").lower()
    port = parts.port
    if port is not None and _DEFAULT_PORTS.get(scheme) == port:
        port = None
    return UrlParts(scheme, (parts.host or "").lower(), port, parts.path or "",
                    parts.query or "", parts.fragment or "", parts.auth)


def _authority_text(url: str) -> str:
    """What follows ``scheme://`` up to the first ``/``, ``?`` or ``#``, as typed."""
    rest = url.strip().split("://", 1)[-1]
    for stop in "/?#":
        rest = rest.split(stop, 1)[0]
    return rest


def check(url: str) -> str:
    """``url`` stripped, or ``PanelUrlError``: not http(s), no host, a backslash before the
    path (read as two different hosts by different programs), or holding a key."""
    url = url.strip()
    parts = parse(url)
    if parts is None or parts.scheme not in _DEFAULT_PORTS or not parts.host:
        raise PanelUrlError("the panel URL must start with http:// or https:// and name a host")
    if "\\" in _authority_text(url):
        raise PanelUrlError(
            "the panel URL has a backslash (\\) before its path: programs disagree about which "
            "host such an address names. Copy the address from the panel's API page again")
    names = {name.strip().lower() for name, _ in parse_qsl(parts.query, keep_blank_values=True)}
    names |= {
        name.strip().lower() for name, _ in parse_qsl(parts.fragment, keep_blank_values=True)
    }
    if names & KEY_PARAMS or (parts.auth is not None and ":" in parts.auth):
        raise PanelUrlError(
            "the panel URL must not contain the API key (it would be stored in plain text): "
            "remove the ?key=… part and enter the key in the API key field"
        )
    return url


def parts_scheme(url: str) -> str:
    parts = parse(url)
    return parts.scheme if parts is not None else ""


def _host(url: str) -> str | None:
    parts = parse(url)
    if parts is None or not parts.host:
        return None
    return parts.host.rstrip(".")


def same_host(a: str, b: str) -> bool:
    """Whether two URLs name the same host, as the request would reach it (case-insensitive;
    ports ignored)."""
    ha, hb = _host(a), _host(b)
    return ha is not None and ha == hb


def address(url: str) -> str:
    """What makes two panel URLs the same panel: the host as requested, in lower case, the port
    unless it is the scheme's default, the path without trailing slashes, and the query.
    ``http`` and ``https`` are the same panel, as are ``/api/v2`` and ``/api/v2/``."""
    parts = parse(url)
    if parts is None:
        return url.strip()
    host = parts.host.rstrip(".")
    netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    return f"{netloc}{path}" + (f"?{parts.query}" if parts.query else "")


def https_upgrade(url: str, location: str | None) -> str | None:
    """The https:// address to offer when ``url`` redirected to ``location``, or None.

    Only for an https:// target on the same host, with no key in it: a redirect to another
    host is never offered (the key would go there). A redirect to the site's home page keeps
    our path (``http://p/api/v2`` -> ``https://p/`` offers ``https://p/api/v2``).
    """
    if not location or parts_scheme(location) != "https" or not same_host(url, location):
        return None
    try:
        check(location)
        check(url)
    except PanelUrlError:
        return None
    ours = parse(url)
    target = parse(location)
    assert ours is not None and target is not None
    if target.path in {"", "/"} and ours.scheme == "http":
        # The target's host as it wrote it (checked above), our path and query.
        query = f"?{ours.query}" if ours.query else ""
        return f"https://{_authority_text(location)}{ours.path}{query}"
    return location.strip()

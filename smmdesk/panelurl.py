"""Panel URLs: what may be stored, and which redirect target may be offered instead.

Qt-free; ``Workspace`` uses ``check`` for every URL it stores or tests, the panel dialog uses
``https_upgrade`` through ``Workspace.https_upgrade``.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

__all__ = ["KEY_PARAMS", "PanelUrlError", "check", "https_upgrade", "same_host"]

# Query parameter names that carry an API key: a URL holding one would store the key in clear.
KEY_PARAMS = frozenset({"key", "api_key", "apikey", "api-key", "token", "api_token"})


class PanelUrlError(ValueError):
    """The URL cannot be a panel's API address (the message says why, in plain English)."""


def check(url: str) -> str:
    """``url`` stripped, or ``PanelUrlError``: not http(s), no host, or holding a key."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        parts, hostname = None, None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not hostname:
        raise PanelUrlError("the panel URL must start with http:// or https:// and name a host")
    names = {name.strip().lower() for name, _ in parse_qsl(parts.query, keep_blank_values=True)}
    names |= {
        name.strip().lower() for name, _ in parse_qsl(parts.fragment, keep_blank_values=True)
    }
    if names & KEY_PARAMS or parts.password is not None:
        raise PanelUrlError(
            "the panel URL must not contain the API key (it would be stored in plain text): "
            "remove the ?key=… part and enter the key in the API key field"
        )
    return url


def parts_scheme(url: str) -> str:
    try:
        return urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return ""


def _host_port(url: str) -> tuple[str, int | None] | None:
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if not host:
        return None
    scheme = parts.scheme.lower()
    if port is None or (scheme, port) in (("http", 80), ("https", 443)):
        port = None
    return host.lower().rstrip("."), port


def same_host(a: str, b: str) -> bool:
    """Whether two URLs name the same host (case-insensitive; default ports ignored)."""
    ha, hb = _host_port(a), _host_port(b)
    return ha is not None and hb is not None and ha[0] == hb[0]


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
    except PanelUrlError:
        return None
    ours = urlsplit(url.strip())
    target = urlsplit(location.strip())
    if target.path in {"", "/"} and ours.scheme.lower() == "http":
        netloc = target.netloc
        return ours._replace(scheme="https", netloc=netloc).geturl()
    return location.strip()

"""What talks HTTP for ``smmdesk.api``: requests and urllib3, with connections whose socket a
request's ``Deadline`` can shut, and the exceptions that say whether a request left this
machine. Imported by the client when it first needs a session or reads a network error, not
at start-up: requests and urllib3 took ~80 ms of every start."""

from __future__ import annotations

import http.client
import socket
import ssl
from typing import Any

import requests
import requests.adapters
import urllib3.connection
import urllib3.connectionpool
import urllib3.exceptions

from smmdesk import __version__
from smmdesk.deadline import watch

__all__ = ["NOT_SENT", "SENT", "USER_AGENT", "TLSAfterSendError", "new_adapter", "requests",
           "urllib3"]

USER_AGENT = f"SMMDesk/{__version__} (desktop; +python-requests/{requests.__version__})"

# A request that failed with one of these never reached the panel; with one of these it may have.
NOT_SENT = (
    urllib3.exceptions.NewConnectionError,
    urllib3.exceptions.NameResolutionError,
    urllib3.exceptions.ConnectTimeoutError,
    ConnectionRefusedError,
    socket.gaierror,
)
class TLSAfterSendError(ConnectionAbortedError):
    """A TLS error on a connection whose handshake was done, while the request was being written
    or its answer read (a reused keep-alive connection, a proxy that garbles the stream): the
    request may have reached the panel. Raised in place of the ``ssl.SSLError`` (its cause),
    which alone would read as a failed handshake — "nothing was sent"."""


SENT = (
    TLSAfterSendError,
    urllib3.exceptions.ProtocolError,
    http.client.RemoteDisconnected,
    ConnectionResetError,
    ConnectionAbortedError,
    BrokenPipeError,
    urllib3.exceptions.ReadTimeoutError,
)


class _WatchedHTTPConnection(urllib3.connection.HTTPConnection):
    def getresponse(self) -> Any:
        watch(self.sock)
        return super().getresponse()


class _WatchedHTTPSConnection(urllib3.connection.HTTPSConnection):
    # urllib3 does the handshake before ``request`` (``_validate_conn``): a TLS error from here
    # on is one after the request started to leave (see TLSAfterSendError).
    def request(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().request(*args, **kwargs)
        except ssl.SSLError as e:
            raise TLSAfterSendError(f"TLS error while sending the request: {e}") from e

    def getresponse(self) -> Any:
        watch(self.sock)
        try:
            return super().getresponse()
        except ssl.SSLError as e:
            raise TLSAfterSendError(f"TLS error after the request was sent: {e}") from e


class _WatchedHTTPPool(urllib3.connectionpool.HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(urllib3.connectionpool.HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_WATCHED_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class _DeadlineAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter with connections whose socket the request's ``Deadline`` can shut."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_WATCHED_POOLS)

    def proxy_manager_for(self, *args: Any, **kwargs: Any) -> Any:
        manager = super().proxy_manager_for(*args, **kwargs)
        manager.pool_classes_by_scheme = dict(_WATCHED_POOLS)
        return manager


def new_adapter() -> requests.adapters.HTTPAdapter:
    return _DeadlineAdapter()



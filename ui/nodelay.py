"""TCP_NODELAY on the app's connections (a workaround for Streamlit 1.67's server).

Streamlit 1.67 serves the app with uvicorn on a listening socket it creates as ``socket.socket(family)``,
so the socket's protocol number is 0 rather than ``IPPROTO_TCP``. asyncio sets TCP_NODELAY on a new
connection only when the protocol is ``IPPROTO_TCP`` (``asyncio.base_events._set_nodelay``), so every
websocket runs with Nagle's algorithm on: a run sends several small messages, and each one after the
first waits for the browser's delayed acknowledgement (about 40 ms on Linux). See README, "Deploy for a
partnership", for the measurements.

:func:`enable` (called once per server process from the first run) makes asyncio set TCP_NODELAY on
every TCP connection accepted from then on, and sets it on the connections already open (the first
session's). ``CDP_TCP_NODELAY=0`` leaves Streamlit as it is (to measure the difference).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
from asyncio import base_events

_LOGGER = logging.getLogger(__name__)
#: asyncio's own rule (TCP_NODELAY only when the socket's protocol is IPPROTO_TCP), kept for the tests
ORIGINAL_RULE = base_events._set_nodelay
_lock = threading.Lock()
_done = False


def _is_tcp(sock) -> bool:
    return sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM \
        and sock.proto in (0, socket.IPPROTO_TCP)


def _set_nodelay(sock) -> None:
    if _is_tcp(sock):
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # a connection closed in the meantime
            pass


def enable() -> bool:
    """Switch TCP_NODELAY on for this server process; True if it was switched on by this call."""
    global _done
    if os.environ.get("CDP_TCP_NODELAY", "1") == "0":
        return False
    with _lock:
        if _done:
            return False
        base_events._set_nodelay = _set_nodelay
        _done = True
    loop = _server_loop()
    if loop is not None:
        loop.call_soon_threadsafe(_set_on_open_connections, loop)
    return True


def _server_loop() -> asyncio.AbstractEventLoop | None:
    try:
        from streamlit.runtime import Runtime

        return Runtime.instance()._get_async_objs().eventloop  # noqa: SLF001 - no public handle on the loop
    except Exception:  # noqa: BLE001 - no runtime (AppTest) or a Streamlit without this attribute
        return None


def _set_on_open_connections(loop) -> None:
    """On the server's event loop: the connections accepted before :func:`enable` ran."""
    for transport in list(getattr(loop, "_transports", {}).values()):
        sock = transport.get_extra_info("socket") if transport is not None else None
        if sock is not None:
            _set_nodelay(sock)
    _LOGGER.info("TCP_NODELAY set on the app's connections")

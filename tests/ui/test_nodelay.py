"""The TCP_NODELAY finding (issue 14) and its workaround, on real sockets: a listening socket made the way
Streamlit 1.67 makes it (``socket.socket(family)``, protocol 0) gives connections without TCP_NODELAY under
asyncio's own rule, and with it under ``ui.nodelay``'s."""

from __future__ import annotations

import asyncio
import socket
from asyncio import base_events

import pytest

from ui import nodelay


async def _server_side_nodelay() -> int:
    listener = socket.socket(socket.AF_INET)  # as streamlit.web.server.starlette.starlette_server._bind_socket
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.setblocking(False)
    seen: list[int] = []

    async def accepted(reader, writer):
        seen.append(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(accepted, sock=listener)
    _, writer = await asyncio.open_connection(*listener.getsockname())
    for _ in range(100):
        if seen:
            break
        await asyncio.sleep(0.01)
    writer.close()
    server.close()
    await server.wait_closed()
    return seen[0]


@pytest.mark.parametrize("rule, expected", [(nodelay.ORIGINAL_RULE, 0), (nodelay._set_nodelay, 1)])
def test_connections_to_a_protocol_0_listener_get_tcp_nodelay_only_with_the_workaround(monkeypatch, rule, expected):
    assert socket.socket(socket.AF_INET).proto == 0
    monkeypatch.setattr(base_events, "_set_nodelay", rule)
    assert bool(asyncio.run(_server_side_nodelay())) is bool(expected)


def test_enable_installs_the_rule_once_and_can_be_switched_off(monkeypatch):
    monkeypatch.setattr(base_events, "_set_nodelay", nodelay.ORIGINAL_RULE)
    monkeypatch.setattr(nodelay, "_done", False)
    monkeypatch.setenv("CDP_TCP_NODELAY", "0")
    assert nodelay.enable() is False and base_events._set_nodelay is nodelay.ORIGINAL_RULE
    monkeypatch.setenv("CDP_TCP_NODELAY", "1")
    assert nodelay.enable() is True and base_events._set_nodelay is nodelay._set_nodelay
    assert nodelay.enable() is False  # once per process

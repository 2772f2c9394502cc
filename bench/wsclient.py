"""A Streamlit session driven through Streamlit's own websocket protocol (what the browser sends), at a
fraction of a browser's cost: connect, ask for a run of a page, wait for ``script_finished``.

Used by ``bench_sessions`` to put many simultaneous sessions on the app's servers.
"""

from __future__ import annotations

import time

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


class Session:
    def __init__(self, url: str):
        self.url = url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.ws = None
        self.pages: list[tuple[str, str]] = []  # (script hash, title) from the app's navigation

    async def open(self, timeout: float = 120) -> float:
        self.ws = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout,
                                           ping_interval=None)
        return await self.run("", timeout=timeout)

    async def run(self, page_hash: str, timeout: float = 120) -> float:
        """Ask for a run of the page (``""``: the default page); the seconds until the run has finished."""
        message = BackMsg()
        message.rerun_script.page_script_hash = page_hash
        message.rerun_script.query_string = ""
        start = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await _recv(self.ws, start + timeout))
            kind = forward.WhichOneof("type")
            if kind == "navigation":
                self.pages = [(p.page_script_hash, p.page_name) for p in forward.navigation.app_pages]
            elif kind == "script_finished":
                return time.perf_counter() - start

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def _recv(ws, deadline: float) -> bytes:
    import asyncio

    return await asyncio.wait_for(ws.recv(), max(0.1, deadline - time.perf_counter()))

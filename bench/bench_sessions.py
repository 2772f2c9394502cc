"""Many people at once (issue 14): 30 sessions on two app servers sharing one PostgreSQL database.

Each session is driven through Streamlit's own websocket protocol (``bench.wsclient``): it opens the app,
then switches to the next page every 2 seconds, and the time from asking for a page to its run finishing
is recorded. The same load is then put on an empty two-page Streamlit app run the same way (two servers,
same sessions, same pauses), the floor. Budget: the app's 95th percentile within 2x the floor's.

Also measured, one session at a time, with and without the TCP_NODELAY workaround (``ui/nodelay.py``):
the median page switch of the app and of the empty app.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
from pathlib import Path

from bench.appserver import REPO, AppServer
from bench.wsclient import Session

SESSIONS = 30
PAUSE = 2.0
EMPTY_APP = '''
import sys
sys.path.insert(0, {repo!r})
import streamlit as st
from ui import nodelay  # the same TCP_NODELAY workaround as the app, so that the floor is like for like
nodelay.enable()
pg = st.navigation([st.Page("a.py", title="Alpha", default=True), st.Page("b.py", title="Beta")])
pg.run()
'''


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _one_session(url: str, index: int, seconds: float, opens: list, switches: list) -> None:
    await asyncio.sleep(index * PAUSE / SESSIONS)  # sessions spread over one pause, as people arrive
    session = Session(url)
    try:
        opens.append(await session.open())
        pages = [h for h, _ in session.pages] or [""]
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        step = index
        while loop.time() < end:
            await asyncio.sleep(PAUSE)
            step += 1
            switches.append(await session.run(pages[step % len(pages)]))
    finally:
        await session.close()


async def _load(urls: list[str], seconds: float) -> tuple[list[float], list[float]]:
    opens: list[float] = []
    switches: list[float] = []
    await asyncio.gather(*[_one_session(urls[i % len(urls)], i, seconds, opens, switches)
                           for i in range(SESSIONS)])
    return opens, switches


async def _single(url: str, rounds: int) -> float:
    session = Session(url)
    await session.open()
    pages = [h for h, _ in session.pages]
    for h in pages:  # warm-up: the first visit of a page fills its caches
        await session.run(h)
    times = [await session.run(h) for _ in range(rounds) for h in pages]
    await session.close()
    return statistics.median(times)


def _empty_app(folder: Path) -> Path:
    folder.mkdir()
    (folder / "app.py").write_text(EMPTY_APP.format(repo=str(REPO)))
    (folder / "a.py").write_text('import streamlit as st\nst.title("Alpha")\n')
    (folder / "b.py").write_text('import streamlit as st\nst.title("Beta")\n')
    return folder


def _servers(make, count: int) -> list[AppServer]:
    servers = [make(i) for i in range(count)]
    for server in servers:
        server.start(timeout=180)
    return servers


def _stop(servers: list[AppServer]) -> None:
    for server in servers:
        server.stop()


def _nodelay_figures(tmp: Path, rounds: int) -> list[dict]:
    from cdp_data.bootstrap import open_workspace

    open_workspace(tmp / "single").dispose()
    empty = _empty_app(tmp / "empty_single")
    figures = []
    for flag, label in (("0", "without"), ("1", "with")):
        os.environ["CDP_TCP_NODELAY"] = flag
        app, floor = _servers(lambda i: AppServer(tmp / "single", tmp / f"single{i}{flag}.log") if i == 0 else
                              AppServer(tmp / "single", tmp / f"floor{flag}.log", cwd=empty), 2)
        try:
            for name, server in (("app", app), ("empty app", floor)):
                figures.append({"figure": f"one session, page switch, {name}, {label} TCP_NODELAY",
                                "value": round(asyncio.run(_single(server.url, rounds)), 3), "unit": "s",
                                "runs": rounds})
        finally:
            _stop([app, floor])
    os.environ.pop("CDP_TCP_NODELAY", None)
    return figures


def _load_figures(tmp: Path, seconds: float) -> list[dict]:
    from tests.postgres import PostgresCluster

    cluster = PostgresCluster().start()
    try:
        os.environ["CDP_DATABASE_URL"] = cluster.url(cluster.create_database())
        from cdp_data.bootstrap import open_workspace

        open_workspace(tmp / "seed").dispose()  # the demo seeded once, before the servers start
        empty = _empty_app(tmp / "empty_load")
        results = {}
        for name, make in (("app", lambda i: AppServer(tmp / f"server{i}", tmp / f"server{i}.log")),
                           ("empty app", lambda i: AppServer(tmp / f"floor{i}", tmp / f"floor{i}.log", cwd=empty))):
            servers = _servers(make, 2)
            try:
                results[name] = asyncio.run(_load([s.url for s in servers], seconds))
            finally:
                _stop(servers)
    finally:
        os.environ.pop("CDP_DATABASE_URL", None)
        cluster.stop()
    figures = []
    floor_p95 = _percentile(results["empty app"][1], 0.95)
    for name, (opens, switches) in results.items():
        p95 = _percentile(switches, 0.95)
        figure = {"figure": f"{SESSIONS} sessions on two servers, page switch every {PAUSE:g} s, {name}",
                  "median": round(statistics.median(switches), 3), "p95": round(p95, 3), "unit": "s",
                  "switches": len(switches), "first page median": round(statistics.median(opens), 3)}
        if name == "app":
            figure.update(ratio_p95_to_floor=round(p95 / floor_p95, 2), budget="p95 <= 2x floor p95",
                          within_budget=p95 <= 2 * floor_p95)
        figures.append(figure)
    return figures


def run(quick: bool = False) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        figures = _nodelay_figures(tmp, rounds=2 if quick else 5)
        figures += _load_figures(tmp, seconds=20 if quick else 60)
    return figures

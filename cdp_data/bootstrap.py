"""Opening the workspace for the app and the command line: the demo is seeded here, not in the store."""

from __future__ import annotations

from pathlib import Path

from .demo import seed_demo
from .present.access import write_summary
from .services import access
from .store import Workspace


def open_workspace(folder: Path | str | None = None, *, seed_demo_data: bool = True) -> Workspace:
    """The workspace in ``folder`` (default ``$CDP_WORKSPACE``), seeded with the bundled demo when new."""
    return Workspace.open(folder, seed=_seed_quietly if seed_demo_data else None)


def _seed_quietly(ws: Workspace) -> None:
    with access.quietly():
        seed_demo(ws)


@access.writes("workspace reset", "admin", scope=access.WHOLE_WORKSPACE)
def reset_to_demo(ws: Workspace) -> str:
    """Delete everything in the workspace and seed the demo again (global administrators only). The members
    and the audit trail are kept, and the reset is recorded in it."""
    ws.clear(then=_seed_quietly)
    return write_summary("workspace reset to the demo data", None, {})

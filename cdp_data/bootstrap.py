"""Opening the workspace for the app and the command line: the demo is seeded here, not in the store."""

from __future__ import annotations

from pathlib import Path

from .demo import seed_demo
from .store import Workspace


def open_workspace(folder: Path | str | None = None, *, seed_demo_data: bool = True) -> Workspace:
    """The workspace in ``folder`` (default ``$CDP_WORKSPACE``), seeded with the bundled demo when new."""
    return Workspace.open(folder, seed=seed_demo if seed_demo_data else None)


def reset_to_demo(ws: Workspace) -> None:
    """Delete everything in the workspace and seed the demo again."""
    ws.clear(then=seed_demo)

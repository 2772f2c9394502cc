"""Opening the workspace for the app and the command line: the demo is seeded here, not in the store."""

from __future__ import annotations

from pathlib import Path

from .core import config
from .demo import seed_demo
from .demo import template
from .present.access import write_summary
from .services import access
from .store import Workspace


def open_workspace(folder: Path | str | None = None, *, seed_demo_data: bool = True) -> Workspace:
    """The workspace in ``folder`` (default ``$CDP_WORKSPACE``), seeded with the bundled demo when new."""
    if seed_demo_data and _is_new(folder):
        _prepare_demo()
    return Workspace.open(folder, seed=_seed_quietly if seed_demo_data else None)


def _is_new(folder: Path | str | None) -> bool:
    path = Path(folder).expanduser() if folder else config.workspace_dir()
    return not (path / "workspace.sqlite").exists()


def _prepare_demo() -> None:
    with access.quietly():
        template.prepare(seed_demo)


def _seed_quietly(ws: Workspace) -> None:
    with access.quietly():
        template.seed_from_template(ws, seed_demo)


@access.writes("workspace reset", "admin", scope=access.WHOLE_WORKSPACE)
def reset_to_demo(ws: Workspace) -> str:
    """Delete everything in the workspace and seed the demo again (global administrators only). The members
    and the audit trail are kept, and the reset is recorded in it."""
    _prepare_demo()
    ws.clear(then=_seed_quietly)
    return write_summary("workspace reset to the demo data", None, {})

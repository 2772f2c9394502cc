"""Walking a folder for files to load, without reading anything outside the folders allowed.

Two callers, two rules (README, "Limits and safety"):

* the Data page loads a folder only under the roots an administrator configured
  (``CDP_DATA_ROOTS``, none by default: then the page offers no folder loading);
* ``python -m cdp_data workspace load FOLDER`` is run by someone with a shell on the
  machine, who can read those files anyway: it loads the folders it is given, and the
  folder itself is the root.

Either way every file walked is resolved and must lie inside a root: a link that leads
out (to ``/etc/passwd``, say) is skipped and reported, never read; links to folders are
not followed; anything that is not a regular file (a pipe, a device) is skipped. A file
is opened without following a link (``O_NOFOLLOW``) and refused by its size before it
is read. Messages name the file (relative to the folder), never its contents.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core import config
from ..core.errors import LoadError

NO_ROOTS = ("Loading a whole folder is switched off on this server: an administrator can allow chosen folders "
            "with the CDP_DATA_ROOTS setting; upload the files instead.")


def data_roots() -> list[Path]:
    """The folders the Data page may load from (resolved); empty when folder loading is off."""
    return config.data_roots()


def inside(path: Path, roots: list[Path]) -> bool:
    """True if ``path`` (already resolved) is one of the roots or lies under one."""
    return any(path == root or path.is_relative_to(root) for root in roots)


def allowed_folder(folder: str, roots: list[Path]) -> Path:
    """The folder typed on the Data page, resolved, if it is under a root; else one plain sentence.

    A relative path is taken inside the first root. Whether a path outside the roots exists is never said.
    """
    if not roots:
        raise LoadError(NO_ROOTS)
    text = folder.strip()
    path = Path(text).expanduser()
    resolved = (path if path.is_absolute() else roots[0] / path).resolve()
    if not inside(resolved, roots):
        raise LoadError(f"{text} is not inside a folder this server allows loading from "
                        f"({', '.join(str(r) for r in roots)}).")
    if not resolved.is_dir():
        raise LoadError(f"{text} is not a folder on the computer running the app.")
    return resolved


def _name(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.name


def _skip(path: Path, folder: Path, why: str) -> LoadError:
    error = LoadError(f"{_name(path, folder)}: {why}; skipped.")
    error.filename = _name(path, folder)  # type: ignore[attr-defined]
    return error


def _check_entry(path: Path, folder: Path, roots: list[Path]) -> LoadError | None:
    """Why a walked entry is not loaded, or None when it is a regular file inside the roots."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return _skip(path, folder, "a link that leads nowhere")
    if not inside(resolved, roots):
        return _skip(path, folder, "a link to somewhere outside the folders allowed")
    if not resolved.is_file():
        return _skip(path, folder, "not a regular file" if resolved.exists() else "a link that leads nowhere")
    return None


def walk(folder: Path, roots: list[Path]) -> tuple[list[Path], list[LoadError]]:
    """The files under ``folder`` (recursively, sorted, hidden ones left out) that may be read, and one
    sentence for each entry skipped (links out of the roots, links to folders that lead out, pipes)."""
    files: list[Path] = []
    skipped: list[LoadError] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for d in dirnames:
            if (here / d).is_symlink() and not inside((here / d).resolve(), roots):
                skipped.append(_skip(here / d, folder, "a link to a folder outside the folders allowed"))
        for name in filenames:
            if name.startswith("."):
                continue
            problem = _check_entry(here / name, folder, roots)
            if problem is None:
                files.append(here / name)
            else:
                skipped.append(problem)
    return sorted(files), skipped


def read_file(path: Path, roots: list[Path], name: str) -> bytes:
    """The bytes of a walked file: resolved again (it may have changed), opened without following a link,
    refused by its size before anything is read."""
    resolved = path.resolve()
    if not inside(resolved, roots):
        raise LoadError(f"{name}: a link to somewhere outside the folders allowed; skipped.")
    limit = config.max_upload_bytes()
    fd = os.open(resolved, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise LoadError(f"{name} is {size / 1_048_576:.0f} MB, over the {limit // 1_048_576} MB limit: "
                            "split it or raise CDP_MAX_UPLOAD_MB.")
        return handle.read(limit + 1)

"""Settings read from the environment, with defaults that work offline.

``CDP_WORKSPACE``            folder holding the workspace database (default ``./workspace``)
``CDP_DATABASE_URL``         optional SQLAlchemy URL overriding the SQLite file in the folder
``CDP_FINGERTIPS_BASE_URL``  Fingertips API root (default the public OHID address)
``CDP_ONS_BASE_URL``         base for ONS / IoD downloads used by ``fetch geography``
``CDP_GEOGRAPHY_BASE_URL``   a mirror serving the geography, lookup and IoD files (``fetch geography``)
``CDP_URL_<NAME>``           the address of one such file, overriding its official address
                             (names in :data:`cdp_data.fetch.RESOURCES`)
``CDP_HTTP_TIMEOUT``         seconds before a download gives up (default 30)
``CDP_MAX_UPLOAD_MB``        largest file accepted (default 200; keep .streamlit maxUploadSize in step); this
                             and every other limit on input live in :mod:`cdp_data.core.limits`
``CDP_DATA_ROOTS``           folders the Data page may load whole folders from (``os.pathsep``-separated;
                             none by default, and then the Data page offers no folder loading)
``CDP_LOCAL_MODE``           ``1`` lets the app run without sign-in on a server that listens beyond localhost
``CDP_ADMINS``               comma-separated e-mail addresses of the global administrators (admin of every
                             partnership; they add the first members). Local mode needs none.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
PACKAGE_DATA = Path(__file__).resolve().parent.parent / "data"

DEFAULT_FINGERTIPS_BASE_URL = "https://fingertips.phe.org.uk/api"


def workspace_dir() -> Path:
    """The workspace folder: ``$CDP_WORKSPACE`` or ``<repo>/workspace``."""
    raw = os.environ.get("CDP_WORKSPACE", "").strip()
    return Path(raw).expanduser().resolve() if raw else REPO_ROOT / "workspace"


def database_url(folder: Path) -> str:
    return os.environ.get("CDP_DATABASE_URL", "").strip() or f"sqlite:///{folder / 'workspace.sqlite'}"


def fingertips_base_url() -> str:
    return os.environ.get("CDP_FINGERTIPS_BASE_URL", DEFAULT_FINGERTIPS_BASE_URL).rstrip("/")


def ons_base_url() -> str:
    return os.environ.get("CDP_ONS_BASE_URL", "https://services1.arcgis.com").rstrip("/")


def http_timeout() -> float:
    return float(os.environ.get("CDP_HTTP_TIMEOUT", "30"))


def max_upload_bytes() -> int:
    """The byte limit per file (``CDP_MAX_UPLOAD_MB``, read and checked in :mod:`cdp_data.core.limits`)."""
    from .limits import current

    return current().max_upload_bytes


def data_roots() -> list[Path]:
    """The folders (resolved) under which the Data page may load a folder: ``$CDP_DATA_ROOTS``, none by default."""
    raw = os.environ.get("CDP_DATA_ROOTS", "")
    return [Path(part.strip()).expanduser().resolve() for part in raw.split(os.pathsep) if part.strip()]


def local_mode_forced() -> bool:
    """``CDP_LOCAL_MODE=1``: serve without sign-in even when listening beyond this computer (a private network)."""
    return os.environ.get("CDP_LOCAL_MODE", "").strip() == "1"


def admin_emails() -> frozenset[str]:
    """The global administrators' e-mail addresses (``$CDP_ADMINS``, comma-separated), lower-case."""
    return frozenset(part.strip().lower() for part in os.environ.get("CDP_ADMINS", "").split(",") if part.strip())

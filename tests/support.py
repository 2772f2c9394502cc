"""Helpers shared by the tests (fixtures are in ``conftest.py``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.appserver import REPO, AppServer, wait_for_app  # noqa: F401

SHARED = REPO.parent / "shared"
ARTIFACTS = REPO / "test-artifacts"


def screenshot(page, name: str, full_page: bool = True) -> Path:
    out = ARTIFACTS / "screenshots" / f"{name}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out), full_page=full_page)
    return out


def assert_no_streamlit_error(page) -> None:
    """No exception box and no error alert on the page."""
    boxes = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    texts = [boxes.nth(i).inner_text() for i in range(boxes.count())]
    assert not texts, texts


def copy_into(src: Path, dest_dir: Path) -> Path:
    dest_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(src, dest_dir))


APP = str(REPO / "app.py")  # AppTest.from_file(APP): relative paths resolve against the calling test's folder

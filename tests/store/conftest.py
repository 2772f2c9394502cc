"""The store's tests that are about the database run on both backends: the ``workspace`` and
``empty_workspace`` fixtures here are the shared ones, opened once on SQLite and once on
PostgreSQL (see ``store_backend`` in ``tests/conftest.py``)."""

import pytest


@pytest.fixture
def workspace(store_backend, workspace):
    return workspace


@pytest.fixture
def empty_workspace(store_backend, empty_workspace):
    return empty_workspace

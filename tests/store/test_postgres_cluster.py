"""The throwaway PostgreSQL cluster the store's tests run on (tests/postgres.py)."""

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests import postgres


def test_missing_server_binaries_are_named_with_how_to_install_them(tmp_path, monkeypatch):
    monkeypatch.setenv("CDP_TEST_PG_BIN", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(postgres, "DEBIAN_BIN", tmp_path / "postgresql" / "15" / "bin")
    with pytest.raises(postgres.PostgresMissing, match="apt-get install postgresql"):
        postgres.find_bin_dir()


def test_cluster_listens_on_localhost_only_as_an_unprivileged_user(postgres_cluster):
    engine = sa.create_engine(postgres_cluster.url())
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW listen_addresses").scalar() == "127.0.0.1"
        assert conn.exec_driver_sql("SHOW server_version_num").scalar() >= "130000"
        data_directory = Path(conn.exec_driver_sql("SHOW data_directory").scalar())
    engine.dispose()
    assert data_directory.parent == postgres_cluster.folder
    assert data_directory.stat().st_uid != 0 or os.geteuid() != 0


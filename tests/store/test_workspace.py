"""The workspace database: schema, migrations, demo seed, persistence, concurrency.

Tests about the database run on SQLite and on PostgreSQL (``store_backend``, and the
``workspace`` / ``empty_workspace`` fixtures of ``tests/store/conftest.py``); those about the
SQLite file itself (WAL mode, page size, checkpoints, the file in the folder) run on SQLite only.
"""

import sqlite3
import threading
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from cdp_data import store
from cdp_data.store import engine as store_engine
from cdp_data.store import workspace as store_workspace
from cdp_data.store import indicator_values as indicator_data
from cdp_data.core.errors import WorkspaceError
from cdp_data.store import Workspace
from cdp_data.bootstrap import open_workspace, reset_to_demo
from tests.store.together import run_together

REPO = Path(__file__).resolve().parents[2]


def test_new_workspace_has_the_schema_version_and_is_empty(store_backend, make_workspace, tmp_path):
    ws = make_workspace(tmp_path / "w")
    assert ws.engine.dialect.name == store_backend
    assert ws.schema_version() == store.SCHEMA_VERSION
    assert ws.is_empty()
    assert {t.name for t in store.metadata.sorted_tables} <= set(sa.inspect(ws.engine).get_table_names())


def test_new_workspace_is_a_sqlite_file_in_wal_mode_with_schema_version(tmp_path):
    ws = Workspace.open(tmp_path / "w")
    db = tmp_path / "w" / "workspace.sqlite"
    assert db.is_file()
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(
            store.SCHEMA_VERSION)
    assert ws.schema_version() == store.SCHEMA_VERSION
    assert ws.is_empty()


def test_workspace_folder_comes_from_the_environment(tmp_path, monkeypatch):
    # SQLite only: the database is a file in the folder
    monkeypatch.setenv("CDP_WORKSPACE", str(tmp_path / "from_env"))
    ws = open_workspace()
    assert ws.folder == (tmp_path / "from_env").resolve()
    assert (tmp_path / "from_env" / "workspace.sqlite").is_file()


def test_demo_is_seeded_once_with_the_four_partnerships(workspace):
    parts = workspace.partnerships()
    assert set(parts["code"]) == {"E10000017", "E08000014", "E08000015", "E06000006"}
    n_values = workspace.summary()["indicator_values"]
    reopened = open_workspace(workspace.folder)  # not seeded a second time
    assert reopened.summary()["indicator_values"] == n_values


def test_every_demo_value_carries_a_source(workspace):
    values = indicator_data.read_values(workspace)
    assert len(values) >= 20
    assert values["source"].notna().all() and (values["source"].str.len() > 10).all()
    lancs = values[(values.area_code == "E10000017") & (values.indicator_id == "continuity_of_care")]
    assert sorted(lancs["value"]) == [37.0, 64.0]


def test_demo_datasets_are_real_public_data(workspace):
    ds = workspace.datasets()
    assert not ds.empty and not ds["is_synthetic"].any()   # only the delivery plan is synthetic (plans table)
    assert set(ds["kind"]) >= {"boundaries", "lookup", "imd2019_lsoa11", "imd2025_lsoa21", "population",
                               "police_counts"}


@pytest.mark.usefixtures("store_backend")
def test_migrations_upgrade_an_old_workspace(tmp_path, monkeypatch):
    ws = Workspace.open(tmp_path / "m")
    extra = sa.Table("extra_things", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True))

    def next_migration(conn):
        extra.create(conn)

    latest = store.SCHEMA_VERSION
    monkeypatch.setattr(store_workspace, "MIGRATIONS", store.MIGRATIONS + [next_migration])
    monkeypatch.setattr(store_workspace, "SCHEMA_VERSION", latest + 1)
    upgraded = Workspace.open(tmp_path / "m")
    assert upgraded.schema_version() == latest + 1
    assert sa.inspect(upgraded.engine).has_table("extra_things")
    ws.dispose()


def test_a_workspace_file_made_with_smaller_pages_keeps_them(tmp_path, monkeypatch):
    # SQLite only: page sizes and the WAL are SQLite's
    monkeypatch.setattr(store_engine, "PAGE_BYTES", 4096)  # as files made before pages grew
    Workspace.open(tmp_path / "p").dispose()
    monkeypatch.undo()
    ws = Workspace.open(tmp_path / "p")
    ws.put_dataset("x", "X", pd.DataFrame({"a": range(10_000)}), vintage="1", source="test")
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() == 4096
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == store.WAL_BACKSTOP_BYTES // 4096
    assert len(ws.get_dataset(ws.latest_dataset_id("x"))) == 10_000
    ws.dispose()


@pytest.mark.usefixtures("store_backend")
def test_an_app_of_schema_3_refuses_a_workspace_with_framed_segments(tmp_path, monkeypatch):
    """Segments in one LZ4 frame (schema 4) cannot be read by an app of schema 3: it must say so, not fail."""
    Workspace.open(tmp_path / "s4").dispose()
    monkeypatch.setattr(store_workspace, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(store_workspace, "MIGRATIONS", store.MIGRATIONS[:3])
    with pytest.raises(WorkspaceError, match="newer version of the app"):
        Workspace.open(tmp_path / "s4")


@pytest.mark.usefixtures("store_backend")
def test_a_newer_workspace_is_refused_with_a_sentence(tmp_path):
    ws = Workspace.open(tmp_path / "n")
    with ws.begin() as conn:
        conn.execute(store.meta.update().where(store.meta.c.key == "schema_version").values(value="99"))
    with pytest.raises(WorkspaceError, match="newer version of the app"):
        Workspace.open(tmp_path / "n")


@pytest.mark.usefixtures("store_backend")
def test_datasets_round_trip_and_survive_a_restart(tmp_path):
    ws = Workspace.open(tmp_path / "r")
    frame = pd.DataFrame({"code": ["E01000001", "E01000002"], "score": [12.5, 40.25]})
    ws.put_dataset("imd2019_lsoa11", "IoD2019", frame, vintage="2019", source="test")
    ws.store_file("plan.xlsx", b"original bytes")
    ws.dispose()
    again = Workspace.open(tmp_path / "r")
    dataset_id = again.latest_dataset_id("imd2019_lsoa11", "2019")
    pd.testing.assert_frame_equal(again.get_dataset(dataset_id), frame)
    assert again.file_content(1) == b"original bytes"


def test_large_blobs_booleans_and_dates_round_trip(make_workspace, tmp_path):
    import datetime as dt

    ws = make_workspace(tmp_path / "types")
    content = bytes(range(256)) * (12 << 12)  # 12 MB, every byte value
    stored = ws.store_file("big.bin", content)
    assert ws.file_content(stored.id) == content
    ws.put_dataset("x", "X", b'{"features": [{}, {}]}', vintage="v", is_synthetic=True)
    ws.upsert_areas([{"code": "E06000001", "name": "Hartlepool", "is_partnership": True},
                     {"code": "E06000002", "name": "Middlesbrough"}])
    with ws.begin() as conn:
        conn.execute(store.milestones.insert().values(partnership_code="E06000001", milestone="m",
                                                      met_on=dt.date(2024, 2, 29)))
    listed = ws.datasets("x").iloc[0]
    assert bool(listed["is_synthetic"]) is True and listed["rows"] == 2
    assert isinstance(listed["loaded_at"], pd.Timestamp) and listed["loaded_at"].tzinfo is None
    assert ws.get_dataset(int(listed["id"])) == b'{"features": [{}, {}]}'
    assert list(ws.partnerships()["code"]) == ["E06000001"]
    assert ws.table(store.milestones)["met_on"].tolist() == [dt.date(2024, 2, 29)]
    assert ws.summary()["synthetic_datasets"] == 1


def test_a_second_writer_waits_for_the_first_to_commit(make_workspace, tmp_path):
    import time

    ws = make_workspace(tmp_path / "queue")
    ws.set_setting("n", "0")
    inside, seen = threading.Event(), []

    def first():
        with ws.begin() as conn:
            conn.execute(store.settings.update().values(value="1"))
            inside.set()
            time.sleep(0.5)

    thread = threading.Thread(target=first)
    thread.start()
    inside.wait(10)
    started = time.monotonic()
    with ws.begin() as conn:  # queues behind the first, then reads what it committed
        seen.append(conn.execute(sa.select(store.settings.c.value)).scalar_one())
        waited = time.monotonic() - started
    thread.join()
    assert seen == ["1"] and waited > 0.3


@pytest.mark.parametrize("store_backend", ["postgresql"], indirect=True)
def test_on_postgresql_a_writer_gives_up_after_the_lock_timeout(store_backend, make_workspace, tmp_path,
                                                                  monkeypatch):
    # PostgreSQL only: SQLite's counterpart is its busy timeout (30 s, too long to wait for here)
    import time

    from cdp_data.store import postgres

    monkeypatch.setattr(postgres, "LOCK_TIMEOUT", "200ms")
    ws = make_workspace(tmp_path / "timeout")
    inside, tried = threading.Event(), threading.Event()

    def hold():  # the first writer keeps its transaction open until the second has given up
        with ws.begin():
            inside.set()
            tried.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    inside.wait(10)
    started = time.monotonic()
    try:
        with pytest.raises(sa.exc.OperationalError, match="lock timeout"), ws.begin() as conn:
            ws.log_load("late", "x.csv", 1, conn=conn)
    finally:
        tried.set()
    assert time.monotonic() - started < 5  # it gave up after the 200 ms timeout, not when the holder let go
    thread.join()
    assert ws.loads().empty


def test_postgresql_urls_use_psycopg():
    # no server needed: the engine connects lazily
    for url in ("postgresql://u:p@db.example/cdp", "postgres://u:p@db.example/cdp",
                "postgresql+psycopg://u:p@db.example/cdp"):
        engine = store.make_engine(url)
        assert (engine.dialect.name, engine.dialect.driver, engine.url.database) == ("postgresql", "psycopg", "cdp")
        engine.dispose()


@pytest.mark.usefixtures("store_backend")
def test_identical_files_are_stored_once(tmp_path):
    ws = Workspace.open(tmp_path / "f")
    first = ws.store_file("a.xlsx", b"same")
    second = ws.store_file("a.xlsx", b"same")
    third = ws.store_file("a.xlsx", b"different")
    assert first.id == second.id != third.id


@pytest.mark.usefixtures("store_backend")
def test_failed_transaction_writes_nothing(tmp_path):
    ws = Workspace.open(tmp_path / "t")
    with pytest.raises(RuntimeError), ws.begin() as conn:
        ws.log_load("test", "x.csv", 1, conn=conn)
        raise RuntimeError("boom")
    assert ws.loads().empty


WRITE_MANY = """
import sys
from cdp_data.store import Workspace
folder, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
ws = Workspace.open(folder)
for i in range(n):
    with ws.begin() as conn:
        ws.log_load("concurrency", f"{tag}-{i}.csv", i, conn=conn)
        ws.upsert_areas([{"code": f"E0{tag}{i:06d}", "name": f"{tag} {i}"}], conn=conn)
"""


@pytest.mark.usefixtures("store_backend")
def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    folder = str(tmp_path / "c")
    Workspace.open(folder).dispose()
    run_together([WRITE_MANY, folder, "1", "40"], [WRITE_MANY, folder, "2", "40"])
    ws = Workspace.open(folder)
    log = ws.loads()
    assert len(log) == 80
    assert len(ws.areas()) == 80


OPEN_NEW = """
import sys
from cdp_data.bootstrap import open_workspace
open_workspace(sys.argv[1])
"""


@pytest.mark.usefixtures("store_backend")
def test_two_processes_opening_a_new_workspace_seed_the_demo_once(tmp_path):
    folder = str(tmp_path / "fresh")
    run_together([OPEN_NEW, folder], [OPEN_NEW, folder], [OPEN_NEW, folder])
    ws = open_workspace(folder)
    assert (ws.loads()["kind"] == "demo").sum() == 1
    assert len(ws.partnerships()) == 4


@pytest.mark.parametrize("store_backend", ["postgresql"], indirect=True)
def test_servers_with_their_own_folders_sharing_a_database_seed_the_demo_once(store_backend, tmp_path):
    # PostgreSQL only: on SQLite two folders are two databases. Here the lock is on the database.
    run_together(*[[OPEN_NEW, str(tmp_path / f"server{i}")] for i in range(3)])
    ws = open_workspace(tmp_path / "server0")
    assert (ws.loads()["kind"] == "demo").sum() == 1
    assert len(ws.partnerships()) == 4


@pytest.mark.usefixtures("store_backend")
def test_two_threads_writing_at_once_lose_nothing(tmp_path):
    ws = Workspace.open(tmp_path / "th")
    errors = []

    def work(tag):
        try:
            for i in range(30):
                with ws.begin() as conn:
                    ws.log_load("thread", f"{tag}-{i}", i, conn=conn)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(ws.loads()) == 60


def test_reset_to_demo_removes_uploads_and_restores_the_demo(workspace):
    workspace.upsert_areas([{"code": "E07000223", "name": "Adur"}])
    workspace.log_load("test", "upload.csv", 3)
    before = workspace.summary()["indicator_values"]
    reset_to_demo(workspace)
    assert "E07000223" not in set(workspace.areas()["code"])
    assert workspace.summary()["indicator_values"] == before
    assert set(workspace.loads()["kind"]) >= {"demo"} and "test" not in set(workspace.loads()["kind"])


def test_upsert_areas_keeps_partnership_flag(workspace):
    workspace.upsert_areas([{"code": "E08000015", "name": "Wirral", "area_type": "UA"}])
    wirral = workspace.areas().set_index("code").loc["E08000015"]
    assert bool(wirral["is_partnership"]) and wirral["area_type"] == "UA"


@pytest.mark.usefixtures("store_backend")
def test_revision_changes_when_another_process_writes(tmp_path):
    ws = Workspace.open(tmp_path / "rev")
    before = ws.revision()
    assert ws.revision() == before  # reading changes nothing
    other = Workspace.open(tmp_path / "rev")
    other.log_load("cli", "x.csv", 1)
    assert ws.revision() != before


@pytest.mark.usefixtures("store_backend")
def test_revision_is_unchanged_by_reading_and_opening_again(tmp_path):
    ws = Workspace.open(tmp_path / "rev")
    ws.log_load("cli", "x.csv", 1)
    before = ws.revision()
    Workspace.open(tmp_path / "rev").dispose()  # already migrated: nothing is written
    assert ws.revision() == before
    ws.store_file("a.csv", b"a")
    stored = ws.revision()
    assert stored != before
    ws.store_file("a.csv", b"a")  # the same file again: found, not written
    with ws.begin() as conn:  # a write transaction that only reads
        conn.execute(sa.select(store.settings))
    assert ws.revision() == stored


REVISION_WRITE = """
import sys
from cdp_data.store import Workspace
Workspace.open(sys.argv[1]).set_setting("from", "another process")
"""


@pytest.mark.usefixtures("store_backend")
def test_revision_changes_when_a_process_writes_without_logging_a_load(tmp_path):
    ws = Workspace.open(tmp_path / "rev2")
    before = ws.revision()
    run_together([REVISION_WRITE, str(tmp_path / "rev2")])
    assert ws.revision() != before
    assert ws.get_setting("from") == "another process"


LEGACY_VALUES_TABLE = """
CREATE TABLE indicator_values (
    id INTEGER PRIMARY KEY AUTOINCREMENT, indicator_id VARCHAR(64) NOT NULL, indicator_name TEXT,
    area_code VARCHAR(16) NOT NULL, area_name TEXT, area_type TEXT, parent_code VARCHAR(16),
    sex VARCHAR(32) NOT NULL, age VARCHAR(64) NOT NULL, category_type TEXT NOT NULL, category TEXT NOT NULL,
    period VARCHAR(64) NOT NULL, period_start DATE, period_end DATE, value FLOAT, lower_ci95 FLOAT,
    upper_ci95 FLOAT, lower_ci998 FLOAT, upper_ci998 FLOAT, count FLOAT, denominator FLOAT, unit TEXT,
    polarity VARCHAR(32), source TEXT, note TEXT, recent_trend TEXT, published_compared_england TEXT,
    published_compared_parent TEXT, loaded_from TEXT, load_id INTEGER, is_synthetic BOOLEAN NOT NULL,
    CONSTRAINT uq_indicator_value UNIQUE (indicator_id, area_code, sex, age, category_type, category, period))
"""


def test_version_1_workspace_moves_its_values_into_segments(store_backend, tmp_path):
    ws = Workspace.open(tmp_path / "v1")
    load_id = ws.log_load("fingertips_export", "old.csv", 2)
    legacy_table, false = LEGACY_VALUES_TABLE, "0"
    if store_backend == "postgresql":  # the same table as the first release would have made there
        legacy_table, false = legacy_table.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "SERIAL PRIMARY KEY"), "FALSE"
    with ws.begin() as conn:  # make it look like a workspace written by the first release
        conn.exec_driver_sql("DROP TABLE value_segments")
        conn.exec_driver_sql(legacy_table)
        conn.exec_driver_sql("CREATE INDEX ix_iv_indicator_area ON indicator_values (indicator_id, area_code)")
        conn.exec_driver_sql(
            "INSERT INTO indicator_values (indicator_id, area_code, sex, age, category_type, category, period, "
            "period_end, value, lower_ci95, source, loaded_from, load_id, is_synthetic) VALUES "
            f"('93517', 'E08000015', 'Persons', '18+ yrs', '', '', '2019/20', '2020-03-31', 41.5, 34.1, "
            f"'OHID Fingertips', 'old.csv', {load_id}, {false}), "
            f"('93517', 'E92000001', 'Persons', '18+ yrs', '', '', '2019/20', '2020-03-31', 52.0, NULL, "
            f"'OHID Fingertips', 'old.csv', {load_id}, {false})")
        conn.execute(store.meta.update().where(store.meta.c.key == "schema_version").values(value="1"))
    ws.dispose()
    upgraded = Workspace.open(tmp_path / "v1")
    assert upgraded.schema_version() == store.SCHEMA_VERSION
    assert not sa.inspect(upgraded.engine).has_table("indicator_values")
    values = indicator_data.read_values(upgraded, indicator_id="93517").set_index("area_code")
    assert values.loc["E08000015", "value"] == 41.5 and values.loc["E08000015", "lower_ci95"] == 34.1
    assert pd.isna(values.loc["E92000001", "lower_ci95"])
    assert str(values.loc["E08000015", "period_end"]) == "2020-03-31"
    assert set(values["load_id"]) == {load_id} and set(values["loaded_from"]) == {"old.csv"}
    assert upgraded.summary()["indicator_values"] == 2
    reopened = Workspace.open(tmp_path / "v1")  # migrating again changes nothing
    assert reopened.summary()["indicator_values"] == 2


MERGE_MONTHS = """
import sys
import pandas as pd
from cdp_data.store import Workspace
ws = Workspace.open(sys.argv[1])
for month in sys.argv[2:]:
    frame = pd.DataFrame({"month": [month], "force": ["merseyside"], "count": [7]})
    with ws.begin() as conn:
        ws.merge_dataset("police_counts", "counts", frame, ["month", "force"], conn=conn)
"""


@pytest.mark.usefixtures("store_backend")
def test_two_processes_merging_into_one_dataset_lose_nothing(tmp_path):
    folder = str(tmp_path / "merge")
    ws = Workspace.open(folder)
    run_together([MERGE_MONTHS, folder, *[f"2025-{m:02d}" for m in range(1, 7)]],
                 [MERGE_MONTHS, folder, *[f"2025-{m:02d}" for m in range(7, 13)]])
    stored = ws.get_dataset(ws.latest_dataset_id("police_counts"))
    assert sorted(stored["month"]) == [f"2025-{m:02d}" for m in range(1, 13)]
    # a month loaded again replaces its row rather than adding one
    run_together([MERGE_MONTHS, folder, "2025-03"])
    assert len(ws.get_dataset(ws.latest_dataset_id("police_counts"))) == 12


def test_large_write_is_checkpointed_in_the_background(tmp_path):
    # SQLite only: the WAL file and its checkpoints are SQLite's
    import time

    ws = Workspace.open(tmp_path / "ckpt")
    db = Path(ws.engine.url.database)
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() == store.PAGE_BYTES  # a new file
        backstop = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() * store.PAGE_BYTES
        assert backstop == store.WAL_BACKSTOP_BYTES  # SQLite's own checkpoint is a backstop only
    before = db.stat().st_size
    with ws.begin() as conn:
        conn.execute(store.settings.insert().values(key="big", value="x" * (store.WAL_CHECKPOINT_BYTES + 1000)))
    deadline = time.monotonic() + 20
    while db.stat().st_size < before + store.WAL_CHECKPOINT_BYTES and time.monotonic() < deadline:
        time.sleep(0.05)
    assert db.stat().st_size >= before + store.WAL_CHECKPOINT_BYTES  # the log was copied into the database
    assert len(ws.get_setting("big") or "") == store.WAL_CHECKPOINT_BYTES + 1000
    wal = Path(str(db) + "-wal")
    deadline = time.monotonic() + 20
    while True:  # the log restarts after a full checkpoint and is cut back to its limit (on a busy machine the
        ws.set_setting("small", "1")  # background checkpoint may still be running at the first small write)
        if not wal.exists() or wal.stat().st_size <= store.WAL_CHECKPOINT_BYTES or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert not wal.exists() or wal.stat().st_size <= store.WAL_CHECKPOINT_BYTES

"""The workspace: one database holding everything the app is given.

SQLite by default (WAL mode, a busy timeout, every write in a transaction), or
PostgreSQL when ``CDP_DATABASE_URL`` names one (what differs is in
:mod:`cdp_data.store.postgres`), through SQLAlchemy Core.

The tables are in :mod:`cdp_data.store.schema`, the schema version and
migrations in :mod:`cdp_data.store.migrations`.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..core import config
from ..core.errors import WorkspaceError
from ..core.identity import User, local_user

from ..core.clock import now
from . import load_journal, postgres
from .engine import (PAGE_BYTES, WAL_BACKSTOP_BYTES, WAL_CHECKPOINT_BYTES, _folder_lock,  # noqa: F401
                     _schema_version, _set_meta, make_engine)
from .migrations import MIGRATIONS, SCHEMA_VERSION
from .schema import (KEPT_ON_CLEAR, areas, baselines, catalogue, datasets, files, load_log, metadata,
                     plan_versions, retained_datasets, settings, targets, value_segments)



@dataclass(frozen=True)
class StoredFile:
    id: int
    sha256: str
    filename: str
    size: int


class Workspace:
    """A workspace folder and its database. Open with :meth:`open`."""

    _lock = threading.Lock()

    def __init__(self, folder: Path, engine: Engine, user: User | None = None):
        self.folder = folder
        self.engine = engine
        self.user = user or local_user()

    def acting_as(self, user: User) -> Workspace:
        """The same workspace (same engine and database) used by ``user``: the services check
        what ``ws.user`` may do and record it in the audit trail."""
        return Workspace(self.folder, self.engine, user)

    # ---- opening -------------------------------------------------------
    @classmethod
    def open(cls, folder: Path | str | None = None, *, seed: Callable[[Workspace], None] | None = None,
             url: str | None = None) -> Workspace:
        """Open (creating and migrating if needed) the workspace in ``folder``.

        ``seed`` (e.g. the demo, given by :mod:`cdp_data.bootstrap`) is called on a new or
        empty workspace while the workspace is locked, so two processes never both seed it.
        ``url``: the database, when not the one the settings give (the demo's scratch template is SQLite).
        """
        path = Path(folder).expanduser().resolve() if folder else config.workspace_dir()
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(f"Cannot create the workspace folder {path}: {exc.strerror}.") from exc
        engine = make_engine(url or config.database_url(path))
        ws = cls(path, engine)
        with cls._lock, ws._exclusive():
            ws._migrate()
            if seed is not None and ws.is_empty():
                seed(ws)
        return ws

    def _exclusive(self):
        """The lock across processes held while the workspace is migrated, seeded or cleared:
        the folder's lock file on SQLite, an advisory lock on the database on PostgreSQL."""
        return postgres.open_lock(self.engine) if postgres.is_postgresql(self.engine) else _folder_lock(self.folder)

    def _migrate(self) -> None:
        with self.begin() as conn:
            current = _schema_version(conn)
            if current > SCHEMA_VERSION:
                raise WorkspaceError(
                    f"This workspace was written by a newer version of the app (schema {current}); "
                    f"update the app to open it."
                )
            for version in range(current + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[version - 1](conn)
                _set_meta(conn, "schema_version", str(version))
            if current == 0:
                _set_meta(conn, "created_at", now().isoformat())

    def revision(self) -> tuple:
        """A cheap fingerprint that changes whenever any process commits a write.

        For SQLite: size and modification time of the database and its WAL file,
        plus the newest load-log id; for PostgreSQL the newest load-log id and the
        count of write transactions kept in ``meta``. Used by the UI as a cache key, so that a load from another browser session
        or the CLI is seen at once; it starts with the folder, so two workspaces
        never share a key.
        """
        parts: list = [str(self.folder)]
        if self.engine.url.get_backend_name() == "sqlite" and self.engine.url.database:
            db = Path(self.engine.url.database)
            for path in (db, db.with_name(db.name + "-wal")):
                try:
                    st = path.stat()
                    parts += [st.st_mtime_ns, st.st_size]
                except FileNotFoundError:
                    parts += [0, 0]
        with self.connect() as conn:
            parts.append(conn.execute(sa.select(sa.func.max(load_log.c.id))).scalar())
            if postgres.is_postgresql(conn):
                parts.append(postgres.data_version(conn))
        return tuple(parts)

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return _schema_version(conn)

    def is_empty(self) -> bool:
        """True when nothing has ever been loaded (no log, no data, no plans)."""
        with self.engine.connect() as conn:
            for table in (load_log, value_segments, datasets, plan_versions):
                if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
                    return False
        return True

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write transaction: ``with ws.begin() as conn: ...``.

        On SQLite it starts with ``BEGIN IMMEDIATE`` so that two sessions
        writing at once queue on the lock (up to the busy timeout) instead of
        one failing half-way; on PostgreSQL with an advisory lock to the same
        effect, and it counts the write for :meth:`revision`. Everything inside
        commits or rolls back together.
        """
        on_postgresql = postgres.is_postgresql(self.engine)
        with self.engine.connect() as conn:
            conn.info["cdp_write"] = True
            load_journal.start(conn)
            try:
                with conn.begin():
                    if on_postgresql:
                        postgres.lock_for_writing(conn)
                    yield conn
                    if on_postgresql:
                        postgres.bump_data_version(conn)
            finally:
                conn.info.pop("cdp_write", None)
                load_journal.stop(conn)
        self._checkpoint_in_background()

    _checkpointing: set[str] = set()
    _checkpoint_lock = threading.Lock()

    def _checkpoint_in_background(self) -> None:
        """Copy the write-ahead log into the database file, off the writer's clock.

        SQLite's automatic checkpoint runs inside the commit that takes the log past
        1,000 pages, so a large load would wait for the copy and its sync (a third
        of storing a 500,000-row extract). The workspace raises that threshold to
        ``WAL_BACKSTOP_BYTES`` (a backstop, e.g. after loads from short-lived CLI processes)
        and, once the log passes ``WAL_CHECKPOINT_BYTES`` after a write, runs a
        passive checkpoint in a background thread. Committed data is already safe in
        the log; the last connection to close also checkpoints.
        """
        if self.engine.url.get_backend_name() != "sqlite" or not self.engine.url.database:
            return
        wal = Path(self.engine.url.database + "-wal")
        try:
            if wal.stat().st_size < WAL_CHECKPOINT_BYTES:
                return
        except FileNotFoundError:
            return
        key = str(wal)
        with self._checkpoint_lock:
            if key in self._checkpointing:
                return
            self._checkpointing.add(key)

        def run() -> None:
            try:
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
            except sa.exc.SQLAlchemyError:  # pragma: no cover - tried again after the next write
                pass
            finally:
                with self._checkpoint_lock:
                    self._checkpointing.discard(key)

        threading.Thread(target=run, name="workspace-checkpoint", daemon=True).start()

    def connect(self):
        return self.engine.connect()

    # ---- generic reads -------------------------------------------------
    def read(self, query) -> pd.DataFrame:
        """Run a SQLAlchemy selectable and return a DataFrame, built column by column: the same columns and types
        as pandas' construction from the rows, in a quarter to a half of its time (every page run reads a dozen)."""
        with self.engine.connect() as conn:
            result = conn.execute(query)
            rows, columns = result.fetchall(), list(result.keys())
        if not rows or len(set(columns)) < len(columns):
            return pd.DataFrame(rows, columns=columns)
        return pd.DataFrame(dict(zip(columns, map(list, zip(*rows)))))

    def table(self, table: sa.Table) -> pd.DataFrame:
        return self.read(sa.select(table))

    # ---- files and the load log ---------------------------------------
    def store_file(self, filename: str, content: bytes, conn: Connection | None = None) -> StoredFile:
        """Keep an original file. Identical content is stored once."""
        digest = hashlib.sha256(content).hexdigest()

        def _do(c: Connection) -> StoredFile:
            row = c.execute(
                sa.select(files.c.id).where(files.c.sha256 == digest, files.c.filename == filename)
            ).first()
            if row:
                return StoredFile(row.id, digest, filename, len(content))
            new_id = c.execute(
                files.insert().values(
                    sha256=digest, filename=filename, size=len(content), stored_at=now(), content=content
                )
            ).inserted_primary_key[0]
            return StoredFile(new_id, digest, filename, len(content))

        if conn is not None:
            return _do(conn)
        with self.begin() as c:
            return _do(c)

    def file_content(self, file_id: int) -> bytes:
        with self.connect() as conn:
            row = conn.execute(sa.select(files.c.content).where(files.c.id == file_id)).first()
        if row is None:
            raise WorkspaceError(f"Stored file {file_id} is missing from the workspace.")
        return row.content

    def log_load(
        self,
        kind: str,
        source_file: str | None,
        rows: int | None,
        *,
        vintage: str | None = None,
        action: str = "loaded",
        detail: str | dict | None = None,
        file_id: int | None = None,
        conn: Connection | None = None,
    ) -> int:
        values = dict(
            loaded_at=now(), kind=kind, source_file=source_file, rows=rows, vintage=vintage,
            action=action, file_id=file_id,
            detail=json.dumps(detail) if isinstance(detail, dict) else detail,
        )
        if conn is not None:
            load_id = conn.execute(load_log.insert().values(**values)).inserted_primary_key[0]
            load_journal.attach(conn, load_id)  # what this transaction wrote is this load's (for undo)
            return load_id
        with self.begin() as c:
            return c.execute(load_log.insert().values(**values)).inserted_primary_key[0]

    def loads(self) -> pd.DataFrame:
        return self.read(sa.select(load_log).order_by(load_log.c.id.desc()))

    # ---- whole tables (IoD, lookups, boundaries ...) --------------------
    def put_dataset(
        self,
        kind: str,
        name: str,
        data: pd.DataFrame | bytes | str,
        *,
        vintage: str | None = None,
        source: str | None = None,
        source_file: str | None = None,
        attribution: str | None = None,
        is_synthetic: bool = False,
        replace: bool = True,
        conn: Connection | None = None,
        owner: str | None = None,
    ) -> int:
        """Store a whole table. A DataFrame is kept as Parquet, text/bytes as GeoJSON.

        With ``replace`` the previous dataset of the same kind, name and vintage
        (and ``owner``: the partnership whose own data it is, None for national data) is replaced.
        """
        if isinstance(data, pd.DataFrame):
            buffer = io.BytesIO()
            data.to_parquet(buffer, index=False)
            payload, fmt, rows = buffer.getvalue(), "parquet", len(data)
        else:
            payload = data.encode("utf-8") if isinstance(data, str) else data
            fmt = "geojson"
            try:
                rows = len(json.loads(payload).get("features", []))
            except (ValueError, AttributeError):
                rows = None

        def _do(c: Connection) -> int:
            if replace:  # the replaced dataset is kept for undo (load_journal)
                same = sa.and_(datasets.c.kind == kind, datasets.c.name == name,
                               (datasets.c.vintage == vintage) if vintage is not None else datasets.c.vintage.is_(None),
                               (datasets.c.owner == owner) if owner is not None else datasets.c.owner.is_(None))
                old = load_journal.retain(c, datasets, retained_datasets, "datasets", same)
                c.execute(datasets.delete().where(datasets.c.id.in_(old)))
            dataset_id = c.execute(
                datasets.insert().values(
                    kind=kind, name=name, vintage=vintage, source=source, source_file=source_file,
                    rows=rows, loaded_at=now(), attribution=attribution, is_synthetic=is_synthetic,
                    format=fmt, payload=payload, owner=owner,
                )
            ).inserted_primary_key[0]
            load_journal.note(c, "datasets", "added", dataset_id)
            return dataset_id

        if conn is not None:
            return _do(conn)
        with self.begin() as c:
            return _do(c)

    def datasets(self, kind: str | None = None) -> pd.DataFrame:
        """The catalogue of stored datasets (without their payloads)."""
        cols = [c for c in datasets.c if c.name != "payload"]
        query = sa.select(*cols).order_by(datasets.c.loaded_at.desc(), datasets.c.id.desc())
        if kind:
            query = query.where(datasets.c.kind == kind)
        return self.read(query)

    def get_dataset(self, dataset_id: int, conn: Connection | None = None) -> pd.DataFrame | bytes:
        """A stored dataset: a DataFrame for Parquet, raw bytes for GeoJSON."""
        query = sa.select(datasets.c.format, datasets.c.payload).where(datasets.c.id == dataset_id)
        if conn is not None:
            row = conn.execute(query).first()
        else:
            with self.connect() as c:
                row = c.execute(query).first()
        if row is None:
            raise WorkspaceError(f"Dataset {dataset_id} is not in the workspace.")
        if row.format == "parquet":
            return pd.read_parquet(io.BytesIO(row.payload))
        return row.payload

    def merge_dataset(self, kind: str, name: str, new: pd.DataFrame, key: list[str], *, conn: Connection,
                      **put_options) -> pd.DataFrame:
        """Replace, in the stored table of this kind, the rows whose ``key`` values
        appear in ``new`` (a re-loaded month or measure), keep the rest, and store
        the result. Call inside ``ws.begin()``: reading and writing under one write
        lock means two sessions loading at once cannot lose each other's rows."""
        row = conn.execute(sa.select(datasets.c.id).where(datasets.c.kind == kind)
                           .order_by(datasets.c.loaded_at.desc(), datasets.c.id.desc()).limit(1)).first()
        stored = self.get_dataset(row.id, conn=conn) if row else None
        if isinstance(stored, pd.DataFrame) and not stored.empty:
            replaced = set(map(tuple, new[key].itertuples(index=False)))
            keep = ~pd.Series(list(map(tuple, stored[key].itertuples(index=False))), index=stored.index).isin(replaced)
            merged = pd.concat([stored[keep], new], ignore_index=True)
        else:
            merged = new
        self.put_dataset(kind, name, merged, conn=conn, **put_options)
        return merged

    def latest_dataset_id(self, kind: str, vintage: str | None = None) -> int | None:
        query = sa.select(datasets.c.id).where(datasets.c.kind == kind)
        if vintage is not None:
            query = query.where(datasets.c.vintage == vintage)
        query = query.order_by(datasets.c.loaded_at.desc(), datasets.c.id.desc()).limit(1)
        with self.connect() as conn:
            row = conn.execute(query).first()
        return row.id if row else None

    # ---- areas and settings --------------------------------------------
    def upsert_areas(self, rows: Iterable[dict], conn: Connection | None = None) -> None:
        """Add or update areas; ``is_partnership`` is never switched off here."""
        rows = [r for r in rows if r.get("code")]
        if not rows:
            return

        def _do(c: Connection) -> None:
            codes = list(dict.fromkeys(r["code"] for r in rows))
            existing = {}
            for i in range(0, len(codes), 500):
                chunk = sa.select(areas).where(areas.c.code.in_(codes[i:i + 500]))
                existing.update((r.code, r) for r in c.execute(chunk))
            new, changed = {}, []
            for r in rows:
                old = existing.get(r["code"])
                if old is None:
                    new[r["code"]] = dict(
                        code=r["code"], name=r.get("name") or r["code"], area_type=r.get("area_type"),
                        parent_code=r.get("parent_code"), region_code=r.get("region_code"),
                        is_partnership=bool(r.get("is_partnership", False)),
                    )
                    continue
                # only what changes is written (a reload of the same extract writes nothing)
                update = {k: v for k, v in r.items()
                          if k != "code" and v not in (None, "") and getattr(old, k, None) != v}
                if not r.get("is_partnership"):
                    update.pop("is_partnership", None)
                if update:
                    c.execute(areas.update().where(areas.c.code == r["code"]).values(**update))
                    changed.append((r["code"], {k: getattr(old, k) for k in update}))
            load_journal.note_many(c, "areas", "changed", changed)
            if new:
                c.execute(areas.insert(), list(new.values()))
                load_journal.note_many(c, "areas", "added", [(code, None) for code in new])

        if conn is not None:
            _do(conn)
        else:
            with self.begin() as c:
                _do(c)

    def areas(self) -> pd.DataFrame:
        return self.read(sa.select(areas).order_by(areas.c.name))

    def partnerships(self) -> pd.DataFrame:
        """Partnerships in the workspace, ordered by name (code, name, area_type ...)."""
        return self.read(sa.select(areas).where(areas.c.is_partnership.is_(True)).order_by(areas.c.name))

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self.connect() as conn:
            row = conn.execute(sa.select(settings.c.value).where(settings.c.key == key)).first()
        return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.begin() as conn:
            conn.execute(settings.delete().where(settings.c.key == key))
            conn.execute(settings.insert().values(key=key, value=value))

    # ---- summary and reset ----------------------------------------------
    def summary(self) -> dict:
        """What the workspace holds, as plain JSON-able data."""
        with self.connect() as conn:
            def count(table: sa.Table) -> int:
                return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())

            n_indicators = conn.execute(
                sa.select(sa.func.count(sa.distinct(value_segments.c.indicator_id)))
            ).scalar_one()
            n_values = int(conn.execute(
                sa.select(sa.func.coalesce(sa.func.sum(value_segments.c.rows), 0))).scalar_one())
            n_synthetic = conn.execute(
                sa.select(sa.func.count()).select_from(datasets).where(datasets.c.is_synthetic.is_(True))
            ).scalar_one()
            counts = {t.name: count(t) for t in (catalogue, baselines, targets, plan_versions)}
            counts["load_log"] = int(conn.execute(  # the loads in effect: an undone load stays in the log
                sa.select(sa.func.count()).where(load_log.c.undone_at.is_(None))).scalar_one())
        ds = self.datasets()
        return {
            "workspace": str(self.folder),
            "database": self.engine.url.render_as_string(hide_password=True),
            "schema_version": self.schema_version(),
            "partnerships": self.partnerships()[["code", "name"]].to_dict("records"),
            "indicator_values": n_values,
            "indicators": int(n_indicators),
            "catalogue_entries": counts["catalogue"],
            "baselines": counts["baselines"],
            "targets": counts["targets"],
            "plan_versions": counts["plan_versions"],
            "synthetic_datasets": int(n_synthetic),
            "datasets": [
                {
                    "id": int(r.id), "kind": r.kind, "name": r.name, "vintage": r.vintage,
                    "rows": None if pd.isna(r.rows) else int(r.rows), "source": r.source,
                    "loaded_at": r.loaded_at.isoformat() if pd.notna(r.loaded_at) else None,
                    "is_synthetic": bool(r.is_synthetic), "attribution": r.attribution,
                }
                for r in ds.itertuples()
            ],
            "loads": counts["load_log"],
        }

    def clear(self, *, then: Callable[[Workspace], None] | None = None) -> None:
        """Delete everything in the workspace, then call ``then`` (e.g. to seed the demo again)
        while still holding the lock. The members and the audit trail are kept (``KEPT_ON_CLEAR``)."""
        with self._lock, self._exclusive():
            with self.begin() as conn:
                for table in reversed(metadata.sorted_tables):
                    if table.name not in KEPT_ON_CLEAR:
                        conn.execute(table.delete())
            if then is not None:
                then(self)

    def dispose(self) -> None:
        self.engine.dispose()

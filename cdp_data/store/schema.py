"""The workspace's tables (SQLAlchemy Core). Only ``cdp_data.store`` uses them.

``load_log``          what was loaded, when, from which file, by which loader
``files``             original uploaded files, content-addressed, never overwritten
``datasets``          whole tables (IoD, lookups, populations, boundaries, police
                      counts) stored as Parquet or GeoJSON bytes with their vintage; ``owner``
                      the partnership whose own data it is (harm counts), None for national data
``areas``             area codes, names, types and parents; partnerships flagged
``catalogue``         indicator definitions (polarity, unit, source, Fingertips ID)
``value_segments``    indicator values from every source, in columnar segments; ``owner`` the
                      partnership whose local figures they are, None for national data
``baselines`` / ``targets`` / ``milestones``
``plan_versions`` / ``plan_actions`` / ``action_links``
``peer_groups``       saved peer groups per partnership
``meetings`` / ``meeting_agendas``  recorded meetings; each partnership's saved agenda
``settings``          small key/value settings
``load_changes``      what each load added, removed or changed (for undo)
``retained_segments`` / ``retained_datasets``  segments and datasets a load replaced, kept for undo
``memberships``       who may use which partnership, and in which role (viewer, editor, admin)
``audit_log``         every write: who, when, which partnership, what; append-only (the database
                      refuses UPDATE and DELETE, see :mod:`cdp_data.store.audit`)
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

settings = sa.Table(
    "settings", metadata,
    sa.Column("key", sa.String(128), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

load_log = sa.Table(
    "load_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("loaded_at", sa.DateTime, nullable=False),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("source_file", sa.Text),
    sa.Column("file_id", sa.Integer),
    sa.Column("rows", sa.Integer),
    sa.Column("vintage", sa.String(64)),
    sa.Column("action", sa.String(32), nullable=False, default="loaded"),
    sa.Column("detail", sa.Text),
    sa.Column("undone_at", sa.DateTime),  # set when the load was undone (schema 5)
)

files = sa.Table(
    "files", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("stored_at", sa.DateTime, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
)

datasets = sa.Table(
    "datasets", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(64), nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("vintage", sa.String(64)),
    sa.Column("source", sa.Text),
    sa.Column("source_file", sa.Text),
    sa.Column("rows", sa.Integer),
    sa.Column("loaded_at", sa.DateTime, nullable=False),
    sa.Column("attribution", sa.Text),
    sa.Column("is_synthetic", sa.Boolean, nullable=False, default=False),
    sa.Column("format", sa.String(16), nullable=False),  # parquet | geojson | json
    sa.Column("payload", sa.LargeBinary, nullable=False),
    sa.Column("owner", sa.String(16)),  # the partnership whose own data it is (harm counts); None: national (schema 8)
)

areas = sa.Table(
    "areas", metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("area_type", sa.Text),
    sa.Column("parent_code", sa.String(16)),
    sa.Column("region_code", sa.String(16)),
    sa.Column("is_partnership", sa.Boolean, nullable=False, default=False),
)

catalogue = sa.Table(
    "catalogue", metadata,
    sa.Column("indicator_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("short_name", sa.Text),
    sa.Column("outcome", sa.Text),
    sa.Column("unit", sa.Text),
    sa.Column("value_type", sa.String(32)),  # proportion | rate | count | other
    sa.Column("polarity", sa.String(32), nullable=False, default="not_compared"),
    sa.Column("source", sa.Text),
    sa.Column("frequency", sa.Text),
    sa.Column("fingertips_id", sa.String(16)),
    sa.Column("fingertips_id_status", sa.String(16)),
    sa.Column("baseline_period", sa.Text),
    sa.Column("notes", sa.Text),
    sa.Column("user_defined", sa.Boolean, nullable=False, default=False),
)

value_segments = sa.Table(
    # Indicator values from every source, in columnar segments (see cdp_data.indicator_data):
    # one row per load and indicator, ``data`` an Arrow IPC file of the values.
    "value_segments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("indicator_id", sa.String(64), nullable=False, index=True),
    sa.Column("indicator_name", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("loaded_from", sa.Text),
    sa.Column("load_id", sa.Integer),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("is_synthetic", sa.Boolean, nullable=False, default=False),
    sa.Column("latest_period", sa.Text),
    sa.Column("latest_period_end", sa.Date),
    sa.Column("digest", sa.String(32), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("written_at", sa.DateTime, nullable=False),
    sa.Column("owner", sa.String(16)),  # the partnership whose local figures these are; None: national (schema 8)
    sqlite_autoincrement=True,
)

baselines = sa.Table(
    "baselines", metadata,
    sa.Column("partnership_code", sa.String(16), primary_key=True),
    sa.Column("indicator_id", sa.String(64), primary_key=True),
    sa.Column("value", sa.Float),
    sa.Column("period", sa.Text),
    sa.Column("period_end", sa.Date),
    sa.Column("source", sa.Text),
    sa.Column("note", sa.Text),
)

targets = sa.Table(
    "targets", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("partnership_code", sa.String(16), nullable=False),
    sa.Column("indicator_id", sa.String(64), nullable=False),
    sa.Column("value", sa.Float),
    sa.Column("target_text", sa.Text),
    sa.Column("target_date", sa.Date),
    sa.Column("period", sa.Text),  # e.g. 2023/24
    sa.Column("kind", sa.String(64)),  # ohid_local_target | local_ambition | national_expectation | monitor
    sa.Column("source", sa.Text),
    sa.Column("note", sa.Text),
)

milestones = sa.Table(
    "milestones", metadata,
    sa.Column("partnership_code", sa.String(16), primary_key=True),
    sa.Column("milestone", sa.String(64), primary_key=True),
    sa.Column("met_on", sa.Date),
    sa.Column("note", sa.Text),
)

plan_versions = sa.Table(
    "plan_versions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("partnership_code", sa.String(16), nullable=False),
    sa.Column("uploaded_at", sa.DateTime, nullable=False),
    sa.Column("uploaded_by", sa.Text),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("file_id", sa.Integer, nullable=False),
    sa.Column("n_actions", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Text),  # JSON list
    sa.Column("is_synthetic", sa.Boolean, nullable=False, default=False),
)

plan_actions = sa.Table(
    "plan_actions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("version_id", sa.Integer, nullable=False, index=True),
    sa.Column("ref", sa.Text),
    sa.Column("priority", sa.Text),
    sa.Column("objective", sa.Text),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("lead", sa.Text),
    sa.Column("due", sa.Date),
    sa.Column("due_text", sa.Text),
    sa.Column("status", sa.String(16)),
    sa.Column("progress", sa.Text),
    sa.Column("sheet", sa.Text),
    sa.Column("row", sa.Integer),
)

action_links = sa.Table(
    "action_links", metadata,
    sa.Column("partnership_code", sa.String(16), primary_key=True),
    sa.Column("action_key", sa.String(64), primary_key=True),
    sa.Column("indicator_id", sa.String(64), primary_key=True),
)

peer_groups = sa.Table(
    "peer_groups", metadata,
    sa.Column("partnership_code", sa.String(16), primary_key=True),
    sa.Column("name", sa.String(128), primary_key=True),
    sa.Column("area_code", sa.String(16), primary_key=True),
)


# ---- undo (schema 5) -------------------------------------------------------------
load_changes = sa.Table(
    # One row per thing a load did: ``target`` a table (value_segments, datasets, areas, catalogue),
    # ``op`` added | removed | changed, ``key`` the row's id or code, ``before`` the changed
    # fields' earlier values (JSON) for ``changed``. Removed segments and datasets are kept whole
    # in the retained_* tables under their own id.
    "load_changes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("load_id", sa.Integer, nullable=False, index=True),
    sa.Column("target", sa.String(32), nullable=False),
    sa.Column("op", sa.String(16), nullable=False),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("before", sa.Text),
    sa.Index("ix_load_changes_target_key", "target", "key"),
)


def _retained(name: str, table: sa.Table) -> sa.Table:
    """A table of the same columns as ``table`` holding rows a load replaced (ids as they were)."""
    return sa.Table(name, metadata, *(
        sa.Column(c.name, c.type, primary_key=c.primary_key, autoincrement=False, nullable=c.nullable)
        for c in table.c))


retained_segments = _retained("retained_segments", value_segments)
retained_datasets = _retained("retained_datasets", datasets)

# Recorded meetings (schema 6): what "since the last meeting" compares with.
meetings = sa.Table(
    "meetings", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("partnership_code", sa.String(16), nullable=False, index=True),
    sa.Column("meeting_date", sa.Date, nullable=False),
    sa.Column("plan_version_id", sa.Integer),  # the delivery-plan version current at the meeting
    sa.Column("data_as_of", sa.Text),  # JSON: indicator_id -> status, latest period and its end, as of the meeting
    sa.Column("agenda", sa.Text),  # JSON: {"order": [...], "skipped": [...]} as run
    sa.Column("recorded_at", sa.DateTime, nullable=False),
)

# The agenda a partnership's chair saved (slide order and skipped slides), one per partnership (schema 6).
meeting_agendas = sa.Table(
    "meeting_agendas", metadata,
    sa.Column("partnership_code", sa.String(16), primary_key=True),
    sa.Column("agenda", sa.Text, nullable=False),  # JSON: {"order": [...], "skipped": [...]}
    sa.Column("saved_at", sa.DateTime, nullable=False),
)

# Roles and the audit trail (schema 7).
memberships = sa.Table(
    "memberships", metadata,
    sa.Column("email", sa.String(320), primary_key=True),  # stored lower-case
    sa.Column("partnership_code", sa.String(16), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),  # viewer | editor | admin
    sa.Column("added_at", sa.DateTime, nullable=False),
    sa.Column("added_by", sa.Text),
)

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("partnership", sa.String(16), index=True),  # None: shared data or the whole workspace
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(64)),
    sa.Column("filename", sa.Text),
    sa.Column("sha256", sa.String(64)),
    sa.Column("counts", sa.Text),  # JSON object
    sa.Column("summary", sa.Text, nullable=False),
    sqlite_autoincrement=True,
)

# Kept when the workspace is cleared (a reset): who may use it, and what was done to it.
KEPT_ON_CLEAR = frozenset({"meta", "memberships", "audit_log"})

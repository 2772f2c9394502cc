"""The workspace database: engine, schema, migrations and repositories. The only SQL in the app."""

from .schema import *  # noqa: F401,F403
from .schema import metadata  # noqa: F401
from .workspace import StoredFile, Workspace, make_engine, now  # noqa: F401
from .migrations import MIGRATIONS, SCHEMA_VERSION  # noqa: F401
from .workspace import PAGE_BYTES, WAL_BACKSTOP_BYTES, WAL_CHECKPOINT_BYTES  # noqa: F401

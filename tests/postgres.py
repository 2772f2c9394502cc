"""A throwaway PostgreSQL cluster for the test session.

``PostgresCluster().start()`` runs ``initdb`` in a new temporary folder, starts the server
on 127.0.0.1 at a free port (and a unix socket in that folder, nowhere else), and
``create_database()`` gives each test an empty database of its own (``CREATE DATABASE``
from ``template0``: about 70 ms with ``fsync`` off). ``stop()`` stops the server and
removes the folder. Nothing is installed as a service and nothing outlives the session.

The server binaries are looked for in ``$CDP_TEST_PG_BIN``, then Debian's
``/usr/lib/postgresql/15/bin`` (or another version's), then wherever ``initdb`` is on the PATH; if there are none,
:class:`PostgresMissing` says how to install them (CI does so in ``.ci/run``).

PostgreSQL refuses to run as root, and the tests (and CI) run as root: then the server
runs as the unprivileged ``postgres`` user (created by Debian's package) through
``runuser``, and the folder is handed to that user. As any other user it runs as itself.
"""

from __future__ import annotations

import atexit
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DEBIAN_BIN = Path("/usr/lib/postgresql/15/bin")
SERVER_USER = "postgres"
# Durability is worth nothing in a cluster thrown away after the tests: these make
# commits, CREATE DATABASE and DROP DATABASE cost a few milliseconds.
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
    "shared_buffers": "64MB",
    "log_min_messages": "warning",
    "timezone": "UTC",
}


class PostgresMissing(RuntimeError):
    pass


def find_bin_dir() -> Path:
    candidates = []
    if os.environ.get("CDP_TEST_PG_BIN"):
        candidates.append(Path(os.environ["CDP_TEST_PG_BIN"]))
    candidates.append(DEBIAN_BIN)
    # another Debian release's version, the newest first
    candidates += sorted(DEBIAN_BIN.parent.parent.glob("*/bin"), key=lambda p: -_version(p.parent.name))
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for folder in candidates:
        if all((folder / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    raise PostgresMissing(
        "The PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found in "
        + ", ".join(str(c) for c in candidates)
        + ". The store's tests start their own PostgreSQL 15 cluster: install it with "
        "`apt-get install postgresql` (as .ci/run does), or set CDP_TEST_PG_BIN to the folder holding initdb."
    )


def _version(name: str) -> int:
    return int(name) if name.isdigit() else 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresCluster:
    """One server for the session; a database per test."""

    def __init__(self, bin_dir: Path | None = None):
        self.bin_dir = bin_dir or find_bin_dir()
        self.folder: Path | None = None
        self.port: int | None = None
        self.password = secrets.token_hex(16)
        self.start_seconds: float | None = None
        self._count = 0
        self._admin_conn = None
        self._as_user: list[str] = []

    # ---- running the server's programs --------------------------------------
    def _run(self, program: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        command = [*self._as_user, str(self.bin_dir / program), *args]
        done = subprocess.run(command, cwd=self.folder, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            log = self.folder / "server.log" if self.folder else None
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr or done.stdout}\n{tail}")
        return done

    def _prepare_user(self) -> None:
        if os.geteuid() != 0:
            return
        try:
            user = pwd.getpwnam(SERVER_USER)
        except KeyError as exc:
            raise PostgresMissing(
                f"Running as root, the tests start PostgreSQL as the '{SERVER_USER}' user, which does not exist "
                "(Debian's postgresql package creates it: apt-get install postgresql)."
            ) from exc
        runuser = shutil.which("runuser")
        if runuser is None:
            raise PostgresMissing("Running as root, the tests need runuser (util-linux) to start PostgreSQL.")
        os.chown(self.folder, user.pw_uid, user.pw_gid)
        self._as_user = [runuser, "-u", SERVER_USER, "--"]
        self._uid, self._gid = user.pw_uid, user.pw_gid

    def _write_private(self, path: Path, text: str) -> None:
        path.write_text(text)
        path.chmod(0o600)
        if self._as_user:
            os.chown(path, self._uid, self._gid)

    # ---- life cycle ------------------------------------------------------------
    def start(self) -> PostgresCluster:
        started = time.monotonic()
        self.folder = Path(tempfile.mkdtemp(prefix="cdp-pg-"))
        atexit.register(self.stop)
        self._prepare_user()
        pwfile = self.folder / "pwfile"
        self._write_private(pwfile, self.password + "\n")
        self._run("initdb", "-D", "data", "-U", "postgres", f"--pwfile={pwfile}", "--auth=scram-sha-256",
                  "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions")
        pwfile.unlink()
        settings = "".join(f"{k} = '{v}'\n" for k, v in SERVER_SETTINGS.items())
        with open(self.folder / "data" / "postgresql.conf", "a") as conf:
            conf.write(settings + f"unix_socket_directories = '{self.folder}'\n")
        for attempt in range(5):
            self.port = _free_port()
            try:
                self._run("pg_ctl", "-D", "data", "-l", "server.log", "-w", "-t", "30",
                          "-o", f"-p {self.port}", "start")
                break
            except RuntimeError:
                if attempt == 4 or "could not bind" not in self._log():
                    raise
        self.start_seconds = time.monotonic() - started
        return self

    def _log(self) -> str:
        log = self.folder / "server.log"
        return log.read_text(errors="replace") if log.exists() else ""

    def stop(self) -> None:
        if self.folder is None:
            return
        folder, self.folder = self.folder, None
        if self._admin_conn is not None:
            self._admin_conn.close()
            self._admin_conn = None
        try:
            if (folder / "data" / "postmaster.pid").exists():
                subprocess.run([*self._as_user, str(self.bin_dir / "pg_ctl"), "-D", str(folder / "data"),
                                "-m", "immediate", "-w", "stop"], cwd=folder, capture_output=True, timeout=60)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    # ---- databases ------------------------------------------------------------
    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres:{self.password}@127.0.0.1:{self.port}/{database}"

    def _admin(self):
        """One autocommit connection to the ``postgres`` database, kept for the session."""
        if self._admin_conn is None or self._admin_conn.closed:
            import psycopg

            self._admin_conn = psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                                               password=self.password, dbname="postgres", autocommit=True)
        return self._admin_conn

    def create_database(self) -> str:
        """A new empty database; returns its name (about 70 ms)."""
        self._count += 1
        name = f"test_{os.getpid()}_{self._count}"
        self._admin().execute(f'CREATE DATABASE "{name}" TEMPLATE template0 STRATEGY wal_log')
        return name

    def copy_database(self, name: str, template: str) -> None:
        """Make database ``name`` a copy of ``template`` (which nobody may be connected to): a test's
        empty database becomes a seeded one under the same name and URL (about 100 ms)."""
        self.drop_database(name)
        self._admin().execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY wal_log')

    def drop_database(self, name: str) -> None:
        """Drop a test's database, ending any connection the test left open."""
        self._admin().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""ONE child process under a 1 GB address-space limit for every CLI run that the memory tests make: the bombs
(tests/limits/bombs.py) and the wards commands of tests/limits/test_limits.py, then the hostile corpus of
tests/hostile/test_corpus_cli.py. The interpreter starts once; each command's exit code, stdout and stderr are
kept apart, so each test still asserts on its own command's result, and the peak RSS of the child (the maximum
over all the commands) stays under the limit for each. The bombs and the corpus load into two workspaces of
their own, so each test checks that its workspace is unchanged.

The session fixture ``limited_cli`` (tests/conftest.py) runs it once per worker; the tests that read it end with
``under_1_gb`` and form one xdist group (``pytest_xdist_make_scheduler`` in tests/conftest.py), so it runs once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

from tests.cli.runner import REPO
from tests.hostile.corpus import REFUSED
from tests.limits import bombs

MEMORY_LIMIT = 1024 ** 3  # bytes of address space for the child

BOMBS = {
    "merge.xlsx": bombs.merge_bomb, "merges.xlsx": bombs.many_merges, "dimension.xlsx": bombs.dimension_bomb,
    "laughs.xlsx": bombs.billion_laughs, "xxe.xlsx": bombs.xxe, "bomb.zip": bombs.zip_bomb,
    "liar.xlsx": bombs.lying_zip, "nested.geojson": bombs.nested_json,
    "features.geojson": lambda: bombs.geojson_features(100_001), "wide.csv": bombs.wide_csv,
    "cell.csv": lambda: bombs.huge_cell(150),
}

# Each command in turn: its exit code, stdout and stderr kept apart. Before the corpus, at most two malloc arenas
# (M_ARENA_MAX, what MALLOC_ARENA_MAX=2 sets at start): glibc gives each thread that allocates (pyarrow's and
# GDAL's pools) its own arena of reserved address space; two arenas, as a server should run with, keep the
# address-space limit about memory in use. The bombs and the wards commands run before it with glibc's default,
# as they did in a child of their own.
_CHILD = """
import contextlib, ctypes, io, json, os, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from cdp_data.cli import main
results = []
for job in json.loads(sys.argv[1]):
    if job["arena_max"]:
        assert ctypes.CDLL(None).mallopt(-8, job["arena_max"]) == 1  # M_ARENA_MAX
    os.environ.update(job["env"])
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(job["argv"])
    results.append([code, out.getvalue(), err.getvalue()])
print(json.dumps(results))
# The child's own peak resident memory, VmHWM, counted from its exec: ru_maxrss also counts the memory of the
# parent, which the child shares until it execs (a test worker past 1 GB would fail the check).
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print("peak_rss_kb", peak, file=sys.stderr)
"""


@dataclass
class Command:
    code: int
    stdout: str
    lines: list[str]              # its stderr, line by line


@dataclass
class Child:
    returncode: int
    stdout: str
    stderr: str
    peak_kb: int | None = None
    commands: dict[str, Command] = field(default_factory=dict)
    files: dict[str, list] = field(default_factory=dict)            # the files each command was given, in order
    summaries: dict[str, tuple[dict, dict]] = field(default_factory=dict)   # workspace summary before, after

    def check(self) -> None:
        """What every test of the child asserts first: it ran to the end, without a traceback or a MemoryError,
        and said nothing on stderr but its peak RSS."""
        assert self.returncode == 0, self.stderr[-3000:]
        assert "Traceback" not in self.stderr + self.stdout and "MemoryError" not in self.stderr + self.stdout
        lines = self.stderr.strip().splitlines()
        assert lines == [lines[-1]] and lines[-1].startswith("peak_rss_kb "), self.stderr[-3000:]


def _write(folder, contents: dict) -> list:
    folder.mkdir(parents=True)
    paths = []
    for name, make in contents.items():
        path = folder / name
        path.write_bytes(make())
        paths.append(path)
    return paths


def _workspaces(request, tmp_path_factory, names):
    """A demo workspace for each name, as the ``workspace`` fixture makes one (a copy of the session's seeded
    SQLite file, or with CDP_TEST_STORE_BACKEND=postgresql a database copied from the seeded template); each
    with the environment the child needs to open it, and a finaliser."""
    from cdp_data.bootstrap import open_workspace

    made, cleanup = {}, []
    on_postgres = os.environ.get("CDP_TEST_STORE_BACKEND", "sqlite") == "postgresql"
    for name in names:
        folder = tmp_path_factory.mktemp(f"limited_{name}") / "ws"
        env = {}
        if on_postgres:
            cluster = request.getfixturevalue("postgres_cluster")
            database = cluster.create_database()
            cluster.copy_database(database, request.getfixturevalue("_seeded_postgres_template"))
            env = {"CDP_DATABASE_URL": cluster.url(database)}
            cleanup.append(lambda cluster=cluster, database=database: cluster.drop_database(database))
        else:
            folder.mkdir(parents=True)
            shutil.copyfile(request.getfixturevalue("_seeded_sqlite_file"), folder / "workspace.sqlite")
        previous = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            ws = open_workspace(folder)
        finally:
            for k, v in previous.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        made[name] = (ws, env)
    return made, cleanup


def run_once(request, tmp_path_factory):
    """Write every input, run the child once, and yield its :class:`Child` (the session fixture)."""
    folder = tmp_path_factory.mktemp("limited")
    bomb_files = _write(folder / "bombs", BOMBS)
    big = folder / "bombs" / "three_gb.csv"
    with open(big, "wb") as handle:
        handle.truncate(3 * 1024 ** 3)
    bomb_files.append(big)
    nested, cell = _write(folder / "wards", {"nested.geojson": bombs.nested_json,
                                             "cell.csv": lambda: bombs.huge_cell(20)})
    corpus_files = _write(folder / "corpus", {case.name: case.content for case in REFUSED})
    workspaces, cleanup = _workspaces(request, tmp_path_factory, ["bombs", "corpus"])
    jobs = {
        "bombs": (0, workspaces["bombs"][1], ["workspace", "load", *bomb_files,
                                              "--workspace", workspaces["bombs"][0].folder]),
        "wards_imd": (0, {}, ["wards", "imd", "--boundaries", nested, "--imd", cell, "--lookup", cell,
                              "--area", "E08000015"]),
        "wards_police": (0, {}, ["wards", "police", "--street", cell, "--lookup", cell, "--area", "E08000015"]),
        "corpus": (2, workspaces["corpus"][1], ["workspace", "load", *corpus_files,
                                                "--workspace", workspaces["corpus"][0].folder]),
    }
    before = {name: ws.summary() for name, (ws, _env) in workspaces.items()}
    argv = json.dumps([{"arena_max": arena, "env": env, "argv": [str(a) for a in args]}
                       for arena, env, args in jobs.values()])
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", _CHILD.format(limit=MEMORY_LIMIT), argv], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=900, check=False)
    child = Child(done.returncode, done.stdout, done.stderr,
                  files={"bombs": bomb_files, "corpus": corpus_files})
    last = done.stderr.strip().splitlines()[-1:] or [""]
    if last[0].startswith("peak_rss_kb "):
        child.peak_kb = int(last[0].split()[1])
    if done.returncode == 0:
        for name, (code, out, err) in zip(jobs, json.loads(done.stdout)):
            child.commands[name] = Command(code, out, err.strip().splitlines())
    child.summaries = {name: (before[name], ws.summary()) for name, (ws, _env) in workspaces.items()}
    try:
        yield child
    finally:
        for ws, _env in workspaces.values():
            ws.dispose()
        for drop in cleanup:
            drop()

"""Run Python snippets as separate processes at once, for the store's concurrency tests.

Each snippet runs as ``python -c CODE ARGS...`` would: in a process of its own (its own interpreter state,
engine and database connections), from the start of the snippet, with ``sys.argv`` set to ``["-c", *ARGS]``,
the test's environment and working folder; it passes if it exits with 0, and what it wrote to stderr is kept
for the failure message. All of a call's snippets are started before any is waited for.

What is saved is the start: a fresh ``python -c`` spends about a second of CPU importing pandas, SQLAlchemy and
the store before it writes anything, and the suite starts some 25 of them. Here one launcher process per test
session (per xdist worker) imports those once and forks a child per snippet (a fork takes milliseconds). The
launcher never opens a workspace or a connection, so a child inherits none: every connection a child uses, it
opens itself. The launcher is single-threaded, so forking it is safe.
"""

from __future__ import annotations

import atexit
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 120  # seconds for all of a call's snippets, as subprocess.communicate(timeout=120) had

LAUNCHER = r"""
import json, os, sys, tempfile, time, traceback
protocol = os.fdopen(os.dup(1), "w")  # requests come on stdin, answers go here
os.dup2(2, 1)  # a snippet's stdout goes where the test's stderr goes, as an inherited stdout would
import pandas, sqlalchemy, pyarrow  # noqa: F401 - what every snippet imports first
import cdp_data.bootstrap, cdp_data.store, cdp_data.services.indicator_files  # noqa: F401


def child(code, args, env, cwd, err_fd):
    os.dup2(err_fd, 2)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    sys.argv = ["-c", *args]
    status = 0
    try:
        exec(compile(code, "<string>", "exec"), {"__name__": "__main__", "__builtins__": __builtins__})
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, int) and exc.code is not None:
            print(exc.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
        status = 1
    try:
        import atexit
        atexit._run_exitfuncs()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


for line in sys.stdin:
    request = json.loads(line)
    started = []
    for argv in request["argvs"]:
        err = tempfile.TemporaryFile()
        pid = os.fork()
        if pid == 0:
            child(argv[0], argv[1:], request["env"], request["cwd"], err.fileno())
        started.append((pid, err))
    deadline = time.monotonic() + request["timeout"]
    results = []
    for pid, err in started:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                code = -9
                break
            time.sleep(0.01)
        err.seek(0)
        results.append([code, err.read().decode(errors="replace") + ("\n(timed out)" if code == -9 else "")])
        err.close()
    protocol.write(json.dumps(results) + "\n")
    protocol.flush()
"""

_launcher: subprocess.Popen | None = None


def _started() -> subprocess.Popen:
    global _launcher
    if _launcher is None or _launcher.poll() is not None:
        _launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER], cwd=REPO, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        atexit.register(_stop, _launcher)
    return _launcher


def _stop(launcher: subprocess.Popen) -> None:
    if launcher.poll() is None:
        launcher.stdin.close()
        launcher.wait(timeout=30)


def run_together(*argvs: list[str], cwd: Path = REPO) -> None:
    """Run each ``[code, *args]`` as its own process, all at once; assert that each exited with 0."""
    import os

    launcher = _started()
    launcher.stdin.write(json.dumps({"argvs": [[str(a) for a in argv] for argv in argvs], "env": dict(os.environ),
                                     "cwd": str(cwd), "timeout": TIMEOUT}) + "\n")
    launcher.stdin.flush()
    answer = launcher.stdout.readline()
    assert answer, "the launcher of the concurrency tests' processes stopped"
    for code, err in json.loads(answer):
        assert code == 0, err

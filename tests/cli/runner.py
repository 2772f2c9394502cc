"""Run ``python -m cdp_data ...`` in-process (``cdp_data.cli.main``) or, for one smoke test per command, as a
subprocess; both give a return code, stdout and stderr."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from cdp_data.cli import main

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run_main(capsys, *args) -> Result:
    """``cdp_data.cli.main(args)`` with stdout and stderr captured (argparse's exits become return codes)."""
    capsys.readouterr()
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:  # argparse: --help and usage errors
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out = capsys.readouterr()
    return Result(code, out.out, out.err)


def run_process(*args, env=None) -> Result:
    """The same through ``python -m cdp_data`` in a subprocess."""
    done = subprocess.run([sys.executable, "-m", "cdp_data", *map(str, args)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    return Result(done.returncode, done.stdout, done.stderr)

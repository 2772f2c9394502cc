"""Run every benchmark (or those named) and print one JSON line per figure."""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", help="benchmarks to run (module names without bench_), default all")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller inputs (a smoke run)")
    args = parser.parse_args()
    modules = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_"))
    if args.names:
        modules = [m for m in modules if m.removeprefix("bench_") in args.names]
    failed = 0
    for name in modules:
        try:
            for figure in importlib.import_module(f"bench.{name}").run(quick=args.quick):
                print(json.dumps({"benchmark": name.removeprefix("bench_"), **figure}), flush=True)
        except Exception as exc:  # noqa: BLE001 - report and go on with the other benchmarks
            failed += 1
            print(json.dumps({"benchmark": name.removeprefix("bench_"), "error": f"{type(exc).__name__}: {exc}"}),
                  flush=True)
            traceback.print_exc(file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

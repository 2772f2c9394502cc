"""``python -m cdp_data``: the command line.

Each module in ``cdp_data/commands/`` adds its subcommands through
``register(subparsers)``; what they share is in ``commands/_common.py``. Errors a user
can cause (unreadable files, unknown area codes) exit with code 2 and one plain line on
stderr. Anything else is logged with its traceback (``$CDP_LOG_FILE``, else
``<workspace>/logs/cli.log``) and the user sees one sentence with the log's reference;
nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from . import commands
from pathlib import Path

from .core import config, logs
from .core.errors import CDPError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own usage errors: exit 2, one line
        self.exit(2, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m cdp_data",
                     description="Combating Drugs Partnership data: load, check and compare from the command line.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        importlib.import_module(f"{commands.__name__}.{info.name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0 if args.command is None else 2
    folder = Path(args.workspace) if getattr(args, "workspace", None) else config.workspace_dir()
    logs.set_default_file(folder / "logs" / "cli.log")  # an error logged while a command goes on lands there
    try:
        return int(args.func(args) or 0)
    except CDPError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: logged, never a traceback
        logs.configure(default_file=folder / "logs" / "cli.log")
        reference = logs.log_unexpected(exc, context=f"command {args.command}")
        print(logs.unexpected_sentence(reference), file=sys.stderr)
        return 1

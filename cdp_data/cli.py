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


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; or, when ``argv`` starts with a command's exact name, of that one command
    only (each command's module imports the services it runs, and a process runs one command: the others'
    imports would only slow its start). Help, a usage error or an unknown command get every command."""
    parser = _Parser(prog="python -m cdp_data",
                     description="Combating Drugs Partnership data: load, check and compare from the command line.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    names = sorted(info.name for info in pkgutil.iter_modules(commands.__path__) if not info.name.startswith("_"))
    first = argv[0] if argv else None
    chosen = [name for name in names if name.replace("_", "-") == first]  # each module registers its own name
    for name in chosen or names:
        importlib.import_module(f"{commands.__name__}.{name}").register(sub)
    return parser


def _stdout_to_devnull() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush of what could not be written does not
    fail again on the closed pipe."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):  # stdout without a file descriptor (e.g. captured)
        pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
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
    except BrokenPipeError:  # the reader went away (``... | head``): stop quietly, as a pipeline expects
        _stdout_to_devnull()
        return 141  # 128 + SIGPIPE, the status of a program the closed pipe stopped
    except Exception as exc:  # noqa: BLE001 - the last line of defence: logged, never a traceback
        logs.configure(default_file=folder / "logs" / "cli.log")
        reference = logs.log_unexpected(exc, context=f"command {args.command}")
        print(logs.unexpected_sentence(reference), file=sys.stderr)
        return 1

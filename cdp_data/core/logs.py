"""Logging, configured once, and what happens to an error nobody expected.

The app's own errors (:class:`~cdp_data.core.errors.CDPError`) carry a sentence for
the user and need no log. Anything else is a bug or an outage: it is logged once,
here, with its traceback and a short reference, and the user sees one plain
sentence quoting that reference (never the traceback, never a server path).

Where the log goes: ``$CDP_LOG_FILE`` when set; otherwise the server's standard
error for the app, and ``<workspace>/logs/cli.log`` for the command line (whose
standard error is the user's screen).
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
from pathlib import Path

LOGGER_NAME = "cdp"
UNEXPECTED = ("Something went wrong on our side and it has been logged; try again, and if it happens again "
              "give your administrator the reference {reference}.")
_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def logger(name: str | None = None) -> logging.Logger:
    return logging.getLogger(LOGGER_NAME if not name else f"{LOGGER_NAME}.{name}")


def configure(default_file: Path | None = None) -> logging.Logger:
    """Send the app's log to ``$CDP_LOG_FILE``, else ``default_file``, else standard error. Idempotent."""
    log = logger()
    if getattr(log, "_cdp_configured", False):
        return log
    target = os.environ.get("CDP_LOG_FILE", "").strip() or (str(default_file) if default_file else "")
    handler: logging.Handler
    if target:
        try:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            handler = logging.FileHandler(target, encoding="utf-8")
        except OSError:
            handler = logging.StreamHandler(sys.stderr)
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_FORMAT))
    log.addHandler(handler)
    log.setLevel(os.environ.get("CDP_LOG_LEVEL", "INFO").upper())
    log.propagate = False
    log._cdp_configured = True  # type: ignore[attr-defined]
    return log


def new_reference() -> str:
    """A short reference a user can read out ("E-3F9A2C")."""
    return "E-" + secrets.token_hex(3).upper()


_default_file: list[Path | None] = [None]


def set_default_file(path: Path | None) -> None:
    """Where the log goes if nothing configured it before an error is logged (the CLI: its workspace's
    ``logs/cli.log``, since its standard error is the user's screen); nothing is opened until then."""
    _default_file[0] = path


def log_unexpected(error: BaseException, context: str = "") -> str:
    """Log ``error`` with its traceback under a new reference (configuring the log first if nothing has);
    return the reference."""
    configure(default_file=_default_file[0])
    reference = new_reference()
    logger().error("Unexpected error %s%s: %s", reference, f" ({context})" if context else "",
                   type(error).__name__, exc_info=error)
    return reference


def unexpected_sentence(reference: str) -> str:
    return UNEXPECTED.format(reference=reference)

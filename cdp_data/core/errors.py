"""Exceptions the app shows to people as one plain sentence.

Every loader raises a subclass of :class:`CDPError` with a message a council
officer understands; the UI shows ``str(error)`` and the CLI prints it on
stderr with exit code 2. Nothing else should reach a user as a traceback.

A message often quotes what was in a file (a column name, a cell): it is made one
printable line here, whatever the file held (control characters and line breaks
become spaces, and a very long message is cut), so that no file can break the
CLI's one-line report or write escape sequences to a terminal.
"""

import re

MAX_MESSAGE = 800   # characters of one message; a longer one is cut with an ellipsis
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: object) -> str:
    """``text`` as one printable line: control characters and runs of white space become one space."""
    line = " ".join(_CONTROL.sub(" ", str(text)).split())
    return line if len(line) <= MAX_MESSAGE else line[:MAX_MESSAGE - 1] + "…"


class CDPError(Exception):
    """Base class: ``str(error)`` is the one line shown to the user (see :func:`one_line`)."""

    def __init__(self, message: object = "", *args: object) -> None:
        super().__init__(one_line(message), *args)


class LoadError(CDPError):
    """A file or download could not be read."""


class UnrecognisedFile(LoadError):
    """The file's content matches none of the kinds the app understands."""


class PlanError(LoadError):
    """A delivery-plan workbook could not be read."""


class FetchError(LoadError):
    """A download from the internet failed (after retries)."""


class WorkspaceError(CDPError):
    """The workspace database could not be opened or written."""


class PermissionDenied(CDPError):
    """The person signed in may not do this (their role in the partnership is too low, or they are not a member)."""

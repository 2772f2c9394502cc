"""Exceptions the app shows to people as one plain sentence.

Every loader raises a subclass of :class:`CDPError` with a message a council
officer understands; the UI shows ``str(error)`` and the CLI prints it on
stderr with exit code 2. Nothing else should reach a user as a traceback.
"""


class CDPError(Exception):
    """Base class: ``str(error)`` is the one line shown to the user."""


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

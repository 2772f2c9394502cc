"""Who is acting: the signed-in user on a server, or the person at the keyboard in local mode.

A :class:`User` travels with the workspace handle (``Workspace.acting_as``) so that the services can check
permissions and record the audit trail without every call site passing it along.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass


@dataclass(frozen=True)
class User:
    """A person using the app. ``local`` is True for the operating-system user of local mode
    (one person on their own computer, or the command line run by the server's administrator)."""

    email: str
    name: str = ""
    local: bool = False

    @property
    def label(self) -> str:
        return self.name or self.email


def local_user() -> User:
    """The operating-system user, as local mode and the command line act."""
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        account = "local user"
    return User(email=account, name=account, local=True)

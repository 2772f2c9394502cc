"""Who is acting: the signed-in user on a server, or the person at the keyboard in local mode.

A :class:`User` travels with the workspace handle (``Workspace.acting_as``) so that the services can check
permissions and record the audit trail without every call site passing it along.
"""

from __future__ import annotations

import getpass
import ipaddress
from collections.abc import Iterable, Mapping
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


# The OpenID Connect claims that may carry the address a person signs in with, best first: Microsoft Entra ID
# sends ``email`` only when the account has a mailbox (or the optional claim is configured), and always
# ``preferred_username`` (the user principal name, which councils make the email address).
EMAIL_CLAIMS = ("email", "preferred_username", "upn")


def user_from_claims(claims: Mapping[str, object]) -> User | None:
    """The signed-in person described by an OpenID Connect identity (``st.user``), or None when nobody is
    signed in or the identity names no address. Addresses are compared in lower case."""
    if claims.get("is_logged_in") is not True:
        return None
    email = next((str(claims[key]).strip() for key in EMAIL_CLAIMS
                  if isinstance(claims.get(key), str) and str(claims[key]).strip()), "")
    if not email:
        return None
    name = claims.get("name")
    return User(email=email.lower(), name=name.strip() if isinstance(name, str) else "")


def is_loopback(address: str | None) -> bool:
    """True when a server bound to ``address`` can be reached from this computer only: ``localhost``, a
    loopback IP address or a Unix socket. An unset or empty address means every network interface."""
    text = (address or "").strip().lower()
    if text == "localhost" or text.startswith("unix://"):
        return True
    try:
        return ipaddress.ip_address(text.strip("[]")).is_loopback
    except ValueError:
        return False


def local_mode_refused(addresses: Iterable[str | None], forced: bool) -> bool:
    """Whether local mode (no sign-in) must refuse to serve: it listens beyond this computer (any of the
    ``addresses`` it may be bound to is not a loopback one) and nobody said it may (``CDP_LOCAL_MODE=1``)."""
    return not forced and not all(is_loopback(address) for address in addresses)

"""Who may do what: roles per partnership, the checks every write service makes, and the audit trail.

**Roles.** A person is a *viewer* (reads everything of a partnership), an *editor* (also uploads plans and
local figures, edits baselines, targets, milestones, action links and peer groups) or an *admin* (also
manages members, loads national data and folders) of each partnership they belong to (the ``memberships``
table). Global administrators (``CDP_ADMINS``) are admin of every partnership; in local mode (no sign-in:
the operating-system user, ``User.local``) the person at the keyboard is one too, as the command line is.

**Shared data.** National data (Fingertips, NDTMS, IoD, boundaries, lookups, population, police open data,
the indicator catalogue) is one copy shared by every partnership: loading it needs an admin of *any*
partnership (or a global administrator), since it is public, checked by the same readers whatever the
partnership, and recorded in the audit trail with who loaded it. Resetting the whole workspace needs a global
administrator.

**Where the checks are.** Every service that writes is decorated with :func:`writes`, which checks the role
before the function runs and appends one entry to the audit trail after it succeeds (the outermost call for a
file only: loading a workbook that holds a plan and an indicators sheet is one entry). A refusal is recorded
too (action ``refused``), with nothing else written. Helpers that write only on behalf of a checked service
(``store_values``) are marked :func:`write_step` and refuse to run for a signed-in user outside one.
:data:`WRITE_SERVICES` lists every decorated service (a test calls each as a viewer and as a member of
another partnership).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import inspect
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import pandas as pd

from ..core import config
from ..core.errors import CDPError, PermissionDenied
from ..present import access as words
from ..sources.base import LoadReport
from ..store import Workspace
from ..store import audit, members

ROLES = ("viewer", "editor", "admin")
RANK = {role: rank for rank, role in enumerate(ROLES, start=1)}
PARTNERSHIP, SHARED, WHOLE_WORKSPACE = "partnership", "shared", "workspace"


class MembershipError(CDPError):
    """A member cannot be added or removed as asked (unknown role, not an e-mail, not a member)."""


# ---- who may do what ------------------------------------------------------------------------------
def is_global_admin(ws: Workspace) -> bool:
    """The person at the keyboard in local mode, or one of ``CDP_ADMINS``."""
    return ws.user.local or members.normalise(ws.user.email) in config.admin_emails()


def roles(ws: Workspace) -> dict[str, str]:
    """partnership code -> role of the acting user (every partnership 'admin' for a global administrator)."""
    if is_global_admin(ws):
        return {code: "admin" for code in ws.partnerships()["code"]}
    return members.roles_of(ws, ws.user.email)


def role_of(ws: Workspace, code: str | None) -> str | None:
    """The acting user's role in partnership ``code`` (None: not a member)."""
    if is_global_admin(ws):
        return "admin"
    return members.roles_of(ws, ws.user.email).get(code) if code else None


def is_admin(ws: Workspace) -> bool:
    """Whether the acting user is an admin of at least one partnership (they see the Admin page)."""
    return is_global_admin(ws) or "admin" in members.roles_of(ws, ws.user.email).values()


def visible_partnerships(ws: Workspace) -> pd.DataFrame:
    """The partnerships the acting user may see (code, name, ...), by name: the picker's choices."""
    frame = ws.partnerships()
    if is_global_admin(ws):
        return frame
    return frame[frame["code"].isin(members.roles_of(ws, ws.user.email))].reset_index(drop=True)


def require(ws: Workspace, partnership_code: str | None, role: str) -> None:
    """Raise :class:`PermissionDenied` (one sentence) unless the acting user has ``role`` or higher in the
    partnership. A global administrator may act on any; anyone else must name the partnership."""
    if is_global_admin(ws):
        return
    if not partnership_code:
        raise PermissionDenied(words.choose_partnership(ws.user.email))
    have = members.roles_of(ws, ws.user.email).get(partnership_code)
    if RANK.get(have or "", 0) < RANK[role]:
        raise PermissionDenied(words.refused(ws.user.email, partnership_code, role, have))


def require_each(ws: Workspace, codes, role: str) -> None:
    """:func:`require` for each code in ``codes`` that is a partnership (other areas belong to no one)."""
    if is_global_admin(ws):
        return
    partnerships = set(ws.partnerships()["code"])
    for code in sorted(set(codes) & partnerships):
        require(ws, code, role)


def require_readable(ws: Workspace, partnership_code: str | None) -> None:
    """A partnership's own data (plans, targets, milestones, peer groups) is read by its members only."""
    if partnership_code is not None:
        require(ws, partnership_code, "viewer")


def readable_codes(ws: Workspace) -> set[str] | None:
    """The partnerships whose own data the acting user may read (None: all of them)."""
    return None if is_global_admin(ws) else set(members.roles_of(ws, ws.user.email))


def _require_shared(ws: Workspace) -> None:
    if not is_admin(ws):
        raise PermissionDenied(words.shared_refused(ws.user.email))


def _require_whole_workspace(ws: Workspace) -> None:
    if not is_global_admin(ws):
        raise PermissionDenied(words.workspace_refused(ws.user.email))


# ---- the decorator every write service wears ------------------------------------------------------
@dataclass(frozen=True)
class WriteRule:
    action: str        # what the audit trail calls it, e.g. "plan uploaded"
    role: str          # the role needed in the partnership (or "admin" for shared data)
    scope: str         # PARTNERSHIP, SHARED or WHOLE_WORKSPACE
    partnership: str   # the argument (or option) naming the partnership


WRITE_SERVICES: dict[str, WriteRule] = {}   # "module.function" -> its rule
WRITE_STEPS: set[str] = set()
_active: ContextVar[tuple] = ContextVar("cdp_active_writes", default=())
_QUIET = "(quiet)"   # on the stack while the demo is seeded: its writes are checked, not recorded one by one


@contextmanager
def quietly():
    """Writes inside are checked but not recorded one by one (the demo seeded by a recorded reset, or
    into a new workspace)."""
    token = _active.set(_active.get() + (_QUIET,))
    try:
        yield
    finally:
        _active.reset(token)


@dataclass
class _Call:
    ws: Workspace
    partnership: str | None
    filename: str | None
    digest: str | Future | None  # the file's SHA-256, or its computation under way

    @property
    def sha256(self) -> str | None:
        return self.digest.result() if isinstance(self.digest, Future) else self.digest


_DIGESTS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="audit-digest")
DIGEST_ALONGSIDE_FROM = 1 << 20  # bytes: a larger file is hashed on a thread of its own while the service reads it


def _digest(content) -> str | Future | None:
    """The SHA-256 the audit trail records for an uploaded file. hashlib lets other threads run while it hashes
    a large buffer, so a large file (a 60 MB extract: about 0.1 s) is hashed beside the load, not before it."""
    if not isinstance(content, bytes):
        return None
    if len(content) < DIGEST_ALONGSIDE_FROM:
        return hashlib.sha256(content).hexdigest()
    return _DIGESTS.submit(lambda: hashlib.sha256(content).hexdigest())


def _facts(signature: inspect.Signature, rule: WriteRule, args, kwargs) -> _Call:
    bound = signature.bind_partial(*args, **kwargs).arguments
    options = next((bound[p.name] for p in signature.parameters.values()
                    if p.kind is p.VAR_KEYWORD and p.name in bound), {})
    code = bound.get(rule.partnership, options.get(rule.partnership))
    content = bound.get("content")
    filename = bound.get("filename")
    return _Call(bound["ws"], str(code) if code else None, str(filename) if filename else None, _digest(content))


def _check(call: _Call, rule: WriteRule) -> None:
    if rule.scope == WHOLE_WORKSPACE:
        _require_whole_workspace(call.ws)
    elif rule.scope == SHARED:
        _require_shared(call.ws)
    else:
        require(call.ws, call.partnership, rule.role)


def _counts(result) -> dict:
    if isinstance(result, LoadReport):
        return {"rows": int(result.rows or 0), "warnings": len(result.warnings)}
    if isinstance(result, bool) or result is None:
        return {}
    if isinstance(result, int):
        return {"rows": result}
    if isinstance(result, list):
        failed = sum(1 for r in result if isinstance(r, Exception))
        return {"items": len(result), "failed": failed}
    version = getattr(result, "version_id", None)
    if version is not None:
        return {"plan_version": int(version), "new_version": bool(getattr(result, "is_new", True))}
    return {}


def _partnership_of(result, call: _Call) -> str | None:
    if call.partnership:
        return call.partnership
    if isinstance(result, LoadReport):
        return result.details.get("partnership_code")
    return getattr(result, "partnership_code", None)


def _append(ws: Workspace, **entry) -> None:
    with ws.begin() as conn:
        audit.record(conn, user=ws.user.email, **entry)


def _audit(rule: WriteRule, call: _Call, result) -> None:
    counts = _counts(result)
    partnership = _partnership_of(result, call)
    kind = str(getattr(result, "kind", "") or "") or None
    if isinstance(result, str):
        summary = result
    elif isinstance(result, LoadReport) and result.summary:
        summary = result.summary
    else:
        summary = words.write_summary(rule.action, partnership, counts)
    _append(call.ws, action=rule.action, summary=summary, partnership=partnership, kind=kind,
            filename=call.filename, sha256=call.sha256, counts=counts)


def writes(action: str, role: str = "editor", *, scope: str = PARTNERSHIP, partnership: str = "partnership_code"):
    """Mark a service that writes: check the acting user's ``role`` (in the partnership named by the argument
    or option ``partnership``; any partnership for ``SHARED`` data; global for ``WHOLE_WORKSPACE``) before it
    runs, and append to the audit trail after it succeeds, or record the refusal."""
    rule = WriteRule(action, role, scope, partnership)

    def wrap(function):
        signature = inspect.signature(function)
        WRITE_SERVICES[f"{function.__module__}.{function.__qualname__}"] = rule

        @functools.wraps(function)
        def run(*args, **kwargs):
            call = _facts(signature, rule, args, kwargs)
            stack = _active.get()
            outermost = not stack
            token = _active.set(stack + (call.filename,))
            try:
                _check(call, rule)
                result = function(*args, **kwargs)
            except PermissionDenied as refusal:
                if outermost:
                    _append(call.ws, action="refused", summary=words.refusal_summary(rule.action, str(refusal)),
                            partnership=call.partnership, filename=call.filename, sha256=call.sha256)
                raise
            finally:
                _active.reset(token)
            if call.filename not in stack and _QUIET not in stack:  # the outermost call for this file
                _audit(rule, call, result)
            return result

        run.write_rule = rule  # type: ignore[attr-defined]
        return run

    return wrap


def write_step(function):
    """Mark a helper that writes only on behalf of a :func:`writes` service (it makes no check of its own):
    called directly by a signed-in user, outside such a service, it refuses."""
    WRITE_STEPS.add(f"{function.__module__}.{function.__qualname__}")

    @functools.wraps(function)
    def run(ws: Workspace, *args, **kwargs):
        if not _active.get() and not is_global_admin(ws):
            raise PermissionDenied(words.outside_write(ws.user.email))
        return function(ws, *args, **kwargs)

    return run


# ---- members ---------------------------------------------------------------------------------------
def _valid_member(ws: Workspace, email: str, partnership_code: str, role: str | None = None) -> str:
    email = members.normalise(email)
    if role is not None and role not in RANK:
        raise MembershipError(words.unknown_role(role, ROLES))
    if not email or "@" not in email or any(c.isspace() for c in email) or len(email) > 320:
        raise MembershipError(words.bad_email(email))
    if partnership_code not in set(ws.partnerships()["code"]):
        raise MembershipError(words.not_partnership(partnership_code))
    return email


@writes("member added", "admin")
def add_member(ws: Workspace, email: str, partnership_code: str, role: str) -> str:
    """Give ``email`` the ``role`` in a partnership (or change it); admins of the partnership only.
    Returns the one-line summary recorded in the audit trail."""
    email = _valid_member(ws, email, partnership_code, role)
    with ws.begin() as conn:
        before = members.put(conn, email, partnership_code, role, added_by=ws.user.email)
    return words.member_added(email, partnership_code, role, before)


@writes("member removed", "admin")
def remove_member(ws: Workspace, email: str, partnership_code: str) -> str:
    """Remove ``email`` from a partnership; admins of the partnership only."""
    email = members.normalise(email)
    with ws.begin() as conn:
        before = members.delete(conn, email, partnership_code)
    if before is None:
        raise MembershipError(words.not_member(email, partnership_code))
    return words.member_removed(email, partnership_code, before)


def _administered(ws: Workspace) -> list[str] | None:
    """The partnerships the acting user administers (None: every one); refuses someone who administers none."""
    if is_global_admin(ws):
        return None
    mine = [code for code, role in members.roles_of(ws, ws.user.email).items() if role == "admin"]
    if not mine:
        raise PermissionDenied(words.audit_refused(ws.user.email))
    return mine


def list_members(ws: Workspace, partnership_code: str | None = None) -> pd.DataFrame:
    """Members (email, partnership_code, role, added_at, added_by) of the partnerships the acting user
    administers, or of one of them."""
    if partnership_code:
        require(ws, partnership_code, "admin")
        return members.listing(ws, [partnership_code])
    return members.listing(ws, _administered(ws))


# ---- reading the audit trail -----------------------------------------------------------------------
def audit_trail(ws: Workspace, *, since: dt.date | dt.datetime | None = None, partnership: str | None = None,
                action: str | None = None) -> pd.DataFrame:
    """Audit entries, oldest first, for admins: a global administrator reads them all, a partnership's admin
    those of their partnerships and of shared data. ``since`` (a day or a moment), ``partnership`` and
    ``action`` filter."""
    administered = _administered(ws)
    if partnership:
        require(ws, partnership, "admin")
        scope: list[str | None] | None = [partnership]
    else:
        scope = None if administered is None else [*administered, None]
    if isinstance(since, dt.date) and not isinstance(since, dt.datetime):
        since = dt.datetime.combine(since, dt.time())
    return audit.entries(ws, since=since, partnerships=scope, action=action or None)


def audit_actions(ws: Workspace) -> list[str]:
    """The actions in the audit trail the acting user may read (for the page's filter)."""
    return sorted(set(audit_trail(ws)["action"]))

"""The sentences of roles and the audit trail: refusals, and the one-line summaries of writes."""

from __future__ import annotations

ARTICLE = {"viewer": "a viewer", "editor": "an editor", "admin": "an admin"}


def refused(user: str, code: str, needed: str, have: str | None) -> str:
    if have is None:
        return (f"{user} is not a member of partnership {code}: one of its admins can add you "
                f"(you need to be {ARTICLE[needed]}).")
    return f"{user} is {ARTICLE[have]} of partnership {code}; this needs {ARTICLE[needed]}."


def choose_partnership(user: str) -> str:
    return f"{user}: choose the partnership this is for first (in the sidebar or with --partnership)."


def shared_refused(user: str) -> str:
    return (f"{user} may not change national data shared by every partnership: that needs an admin of a "
            "partnership or a global administrator (CDP_ADMINS).")


def workspace_refused(user: str) -> str:
    return (f"{user} may not reset the whole workspace: every partnership's data would go, so only a global "
            "administrator (CDP_ADMINS) may.")


def audit_refused(user: str) -> str:
    return f"{user} may not read the audit trail or the members: that needs an admin of a partnership."


def outside_write(user: str) -> str:
    return f"{user} may not write to the workspace outside a checked action."


def unknown_role(role: str, roles) -> str:
    return f"'{role}' is not a role: choose one of {', '.join(roles)}."


def bad_email(email: str) -> str:
    return f"'{email}' is not an e-mail address."


def not_partnership(code: str) -> str:
    return f"{code} is not a partnership in this workspace."


def not_member(email: str, code: str) -> str:
    return f"{email} is not a member of partnership {code}."


def member_added(email: str, code: str, role: str, before: str | None) -> str:
    if before and before != role:
        return f"{email} is now {ARTICLE[role]} of {code} (was {ARTICLE[before]})."
    return f"{email} is {ARTICLE[role]} of {code}."


def member_removed(email: str, code: str, role: str) -> str:
    return f"{email} ({ARTICLE[role]}) removed from {code}."


def refusal_summary(action: str, reason: str) -> str:
    return f"Refused ({action}): {reason}"


def write_summary(action: str, partnership: str | None, counts: dict) -> str:
    shown = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items() if isinstance(v, (int, float)))
    where = f" for {partnership}" if partnership else ""
    return f"{action[:1].upper()}{action[1:]}{where}" + (f" ({shown})." if shown else ".")


def read_only(have: str | None, code: str, what: str, needed: str = "editor") -> str:
    """Why a page shows a partnership's data without the controls that change it (the services refuse too)."""
    who = f"You are {ARTICLE[have]} of {code}" if have else f"You are not a member of {code}"
    return f"{who}: {what} needs {ARTICLE[needed]}, so the controls for it are not shown."

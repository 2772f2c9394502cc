"""The sentences of sign-in and local mode (streamlit-free; ``ui.identity`` draws them)."""

from __future__ import annotations

APP_NAME = "Combating Drugs Partnership"
SIGN_IN_PROMPT = ("Sign in with your organisation's account to see your partnership's figures and delivery plan.")
SIGN_IN_BUTTON = "Sign in"
SIGN_OUT_BUTTON = "Sign out"
LOCAL_MODE_NOTE = "Local mode: no sign-in, for one person on this computer."
REFUSAL_TITLE = "This server is not open"


def signed_in_as(name: str, email: str) -> str:
    """The sidebar's line under the partnership picker."""
    return f"Signed in as {name} ({email})" if name and name.lower() != email.lower() else f"Signed in as {email}"


def _where(address: str | None) -> str:
    text = (address or "").strip()
    return "every network interface" if text in ("", "0.0.0.0", "::", "[::]") else f"the address {text}"


def local_mode_refusal(address: str | None) -> str:
    """Why a server in local mode that listens beyond this computer shows nothing, and the three ways out."""
    return (f"No sign-in is configured (local mode), yet this server listens on {_where(address)}, so anyone "
            "who can reach it would see and change every partnership's data. Configure sign-in (the README's "
            "\"Deploy for a partnership\"), or listen on this computer only (server.address = \"localhost\"), "
            "or, on a network that is yours alone, set CDP_LOCAL_MODE=1.")


def unreadable_secrets() -> str:
    return ("The sign-in settings (.streamlit/secrets.toml) could not be read, so this server shows nothing "
            "rather than run without sign-in. The server's log says which file; fix it and restart the server.")


def incomplete_auth(missing: list[str]) -> str:
    return ("The sign-in settings ([auth] in .streamlit/secrets.toml) lack " + ", ".join(missing)
            + ", so nobody can sign in. Add them and restart the server.")

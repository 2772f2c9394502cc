"""Who is using the app: sign-in with OpenID Connect (``st.login``/``st.user``) when ``[auth]`` is configured
in ``.streamlit/secrets.toml``, else local mode (the operating-system user, on this computer only).

:func:`current_user` is the gate every run passes through (``ui.common.workspace`` calls it): it returns the
:class:`~cdp_data.core.identity.User`, or draws the sign-in screen (or a refusal) as the run's only page and
stops the run, so that nothing else (no data, no sidebar pages) is drawn.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import streamlit as st

from cdp_data.core import config, logs
from cdp_data.core.identity import User, is_loopback, local_mode_refused, local_user, user_from_claims
from cdp_data.present import signin

ASSETS = Path(__file__).resolve().parent.parent / "assets"
AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
_logged: set[str] = set()


def current_user() -> User:
    """The person this run acts for; draws the sign-in screen or a refusal and stops the run if there is none."""
    auth = _auth_section()
    if auth is None:
        _refuse(signin.unreadable_secrets(), "a secrets file could not be read")
    if auth:
        missing = [key for key in AUTH_KEYS if not auth.get(key)]
        if missing:
            _refuse(signin.incomplete_auth(missing), "[auth] lacks " + ", ".join(missing))
        user = user_from_claims(st.user.to_dict())
        if user is None:
            _only(_sign_in_screen)
        return user
    addresses = listening_addresses()
    if local_mode_refused(addresses, config.local_mode_forced()):
        beyond = next(address for address in addresses if not is_loopback(address))
        _refuse(signin.local_mode_refusal(beyond), f"local mode, server address {addresses}")
    return local_user()


def listening_addresses() -> list[str | None]:
    """The addresses the server may listen on: the ``server.address`` option (None when unset: every
    interface) and, if set, ``STREAMLIT_SERVER_ADDRESS`` (which the option reflects when the server was started
    by ``streamlit run``; both are checked in case it was not)."""
    addresses = [st.get_option("server.address")]
    if "STREAMLIT_SERVER_ADDRESS" in os.environ:
        addresses.append(os.environ["STREAMLIT_SERVER_ADDRESS"])
    return addresses


def _auth_section() -> dict | None:
    """``[auth]`` of the secrets ({} when there is none); None when a secrets file exists but cannot be read
    (then the app must not fall back to local mode on a server meant to have sign-in)."""
    if st.secrets.load_if_toml_exists():
        auth = st.secrets.get("auth")
        return dict(auth) if auth else {}
    files = st.get_option("secrets.files") or []
    return None if any(Path(f).expanduser().is_file() for f in files) else {}


def _only(draw) -> None:
    """Make ``draw`` the run's one page (no navigation, no sidebar) and stop the run."""
    st.navigation([st.Page(draw, title=signin.APP_NAME, url_path="sign-in")], position="hidden").run()
    st.stop()


def _refuse(sentence: str, reason: str) -> None:
    """Serve nothing but ``sentence``; the reason is logged once per server process."""
    if reason not in _logged:
        _logged.add(reason)
        logs.logger("identity").error("Refusing to serve the app (%s): %s", reason, sentence)
    _only(lambda: _refusal_screen(sentence))


def _frame(draw_body) -> None:
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.image(str(ASSETS / "logo.svg"), width=72)
        st.title(signin.APP_NAME)
        draw_body()


def _sign_in_screen() -> None:
    def body():
        st.write(signin.SIGN_IN_PROMPT)
        if st.button(signin.SIGN_IN_BUTTON, type="primary", key="sign_in"):
            st.login()
    _frame(body)


def _refusal_screen(sentence: str) -> None:
    def body():
        st.subheader(signin.REFUSAL_TITLE)
        st.write(sentence)
    _frame(body)


def sidebar(user: User) -> None:
    """Who is signed in and the way out; in local mode one quiet line."""
    if user.local:
        st.sidebar.caption(signin.LOCAL_MODE_NOTE)
        return
    # HTML, not Markdown: Markdown would turn the address into a mailto link (escaping does not stop it)
    st.sidebar.html(f'<p class="cdp-signed-in" style="font-size:0.875rem;color:#505a5f;margin:0">'
                    f"{html.escape(signin.signed_in_as(user.name, user.email))}</p>")
    st.sidebar.button(signin.SIGN_OUT_BUTTON, key="sign_out", icon=":material/logout:", on_click=_sign_out)


def _sign_out() -> None:
    """A callback, so that it runs before the page: the run that follows shows the sign-in screen while the
    browser is sent to the provider to end its session too. Nothing of this session is kept."""
    st.session_state.clear()
    st.logout()


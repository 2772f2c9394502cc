"""Sign-in and local mode in AppTest: with ``[auth]`` configured and nobody signed in, the sign-in screen and
nothing else; signed in (``AppTest.user``), the app acting as that person; local mode and its refusal.
The OpenID Connect redirect itself needs a browser: tests/browser/test_deploy.py signs in for real."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.support import APP, TEST_AUTH as AUTH
SIGNED_IN = {"is_logged_in": True, "email": "Analyst@Council.Example", "name": "Test Analyst"}


def _app(user=None, auth=AUTH, script=APP):
    at = AppTest.from_file(script, default_timeout=60) if isinstance(script, str) else \
        AppTest.from_function(script, default_timeout=60)
    if auth is not None:
        at.secrets["auth"] = dict(auth)
    if user is not None:
        at.user = dict(user)
    return at.run()


def _who_acts():
    """A page that shows whom the workspace acts for."""
    import streamlit as st

    from ui import common

    ws = common.workspace()
    st.write(f"acting as {ws.user.email} local={ws.user.local}")


def _shown(at) -> list[str]:
    return [e.value for e in at.markdown] + [e.value for e in at.title] + [e.value for e in at.subheader]


def _assert_only_the_front_screen(at):
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Combating Drugs Partnership"]
    assert len(at.sidebar) == 0  # no sidebar: no pages, no partnership picker, no figures
    assert not at.selectbox and not at.dataframe and not at.tabs and not at.metric
    assert "partnership" not in at.session_state


def test_with_sign_in_configured_a_visitor_sees_only_the_sign_in_screen(demo_workspace):
    at = _app(user={"is_logged_in": False})
    _assert_only_the_front_screen(at)
    assert [b.label for b in at.button] == ["Sign in"]
    assert any("Sign in with your organisation's account" in text for text in _shown(at))


def test_a_deep_link_shows_the_sign_in_screen_too(demo_workspace):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = dict(AUTH)
    at.user = {"is_logged_in": False}
    at.switch_page("pages/data.py").run()  # a page asked for directly, before signing in
    _assert_only_the_front_screen(at)
    assert [b.label for b in at.button] == ["Sign in"]


def test_signed_in_the_sidebar_shows_who_and_the_workspace_acts_for_them(demo_workspace):
    at = _app(user=SIGNED_IN)
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title][:1] == ["Are we on track?"]
    captions = [c.value for c in at.sidebar.caption]
    assert [h.value for h in at.sidebar.html if "cdp-signed-in" in h.value] == [
        '<p class="cdp-signed-in" style="font-size:0.875rem;color:#505a5f;margin:0">'
        "Signed in as Test Analyst (analyst@council.example)</p>"]
    assert not any("Local mode" in c for c in captions)
    assert [b.label for b in at.sidebar.button] == ["Sign out"]
    acting = _app(user=SIGNED_IN, script=_who_acts)
    assert "acting as analyst@council.example local=False" in _shown(acting)


def test_a_name_is_shown_as_text_not_as_html(demo_workspace):
    at = _app(user={"is_logged_in": True, "email": "a@b.example", "name": "<img src=x onerror=alert(1)>"})
    shown = [h.value for h in at.sidebar.html if "cdp-signed-in" in h.value]
    assert len(shown) == 1 and "&lt;img src=x onerror=alert(1)&gt; (a@b.example)" in shown[0]
    assert "<img" not in shown[0]


def test_signing_out_returns_to_the_sign_in_screen(demo_workspace):
    at = _app(user=SIGNED_IN)
    at.sidebar.button(key="sign_out").click().run()
    assert at.user == {"is_logged_in": False}  # st.logout() ran
    at.run()
    _assert_only_the_front_screen(at)


def test_an_identity_without_an_address_is_not_signed_in(demo_workspace):
    at = _app(user={"is_logged_in": True, "name": "No Address"})
    _assert_only_the_front_screen(at)
    assert [b.label for b in at.button] == ["Sign in"]


def test_incomplete_sign_in_settings_refuse_to_serve_and_say_what_is_missing(demo_workspace):
    at = _app(user=SIGNED_IN, auth={k: v for k, v in AUTH.items() if k not in ("client_secret", "cookie_secret")})
    _assert_only_the_front_screen(at)
    assert not at.button
    assert any("lack cookie_secret, client_secret" in text for text in _shown(at)), _shown(at)


def test_local_mode_acts_as_the_operating_system_user_with_one_quiet_note(demo_workspace, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "officer")
    at = _app(auth=None)
    assert not at.exception and [t.value for t in at.title][:1] == ["Are we on track?"]
    notes = [c.value for c in at.sidebar.caption if "Local mode" in c.value]
    assert notes == ["Local mode: no sign-in, for one person on this computer."]
    assert not at.sidebar.button  # nothing to sign out of
    assert "acting as officer local=True" in _shown(_app(auth=None, script=_who_acts))


@pytest.mark.parametrize("address", ["0.0.0.0", "192.168.1.20", ""])
def test_local_mode_refuses_to_serve_beyond_localhost(demo_workspace, monkeypatch, address):
    monkeypatch.setenv("STREAMLIT_SERVER_ADDRESS", address)
    at = _app(auth=None)
    _assert_only_the_front_screen(at)
    refusal = " ".join(_shown(at))
    assert "No sign-in is configured (local mode), yet this server listens on" in refusal
    assert ("every network interface" if address in ("0.0.0.0", "") else f"the address {address}") in refusal
    assert "CDP_LOCAL_MODE=1" in refusal


def test_local_mode_serves_beyond_localhost_when_told_to(demo_workspace, monkeypatch):
    monkeypatch.setenv("STREAMLIT_SERVER_ADDRESS", "0.0.0.0")
    monkeypatch.setenv("CDP_LOCAL_MODE", "1")
    at = _app(auth=None)
    assert not at.exception and [t.value for t in at.title][:1] == ["Are we on track?"]


def test_sign_in_configured_serves_on_any_address(demo_workspace, monkeypatch):
    monkeypatch.setenv("STREAMLIT_SERVER_ADDRESS", "0.0.0.0")
    at = _app(user=SIGNED_IN)
    assert not at.exception and [t.value for t in at.title][:1] == ["Are we on track?"]


def test_an_unreadable_secrets_file_refuses_rather_than_run_without_sign_in(demo_workspace, tmp_path):
    import streamlit as st
    from streamlit import config

    broken = tmp_path / "secrets.toml"
    broken.write_text('[auth]\nredirect_uri = "https://cdp.example/oauth2callback\n')  # an unclosed string
    files = config.get_option("secrets.files")
    config.set_option("secrets.files", [str(broken)])
    st.secrets._reset()
    try:
        at = AppTest.from_file(APP, default_timeout=60).run()
    finally:
        config.set_option("secrets.files", files)
        st.secrets._reset()
    _assert_only_the_front_screen(at)
    assert not at.button
    assert any("could not be read" in text for text in _shown(at)), _shown(at)

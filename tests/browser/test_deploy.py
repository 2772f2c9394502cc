"""A server deployed as the README's "Deploy for a partnership" says (deploy/env.example and
deploy/secrets.example.toml, filled in): PostgreSQL, sign-in with OpenID Connect against a real provider on
localhost; and a server in local mode listening beyond localhost, which refuses to serve."""

import ipaddress
import secrets
import time

import pytest

from tests.signin import deploy_env, deploy_secrets, oidc_provider
from tests.support import ARTIFACTS, AppServer, assert_no_streamlit_error, screenshot, wait_for_app

pytestmark = pytest.mark.xdist_group("browser")

SIDEBAR = '[data-testid="stSidebar"]'


def _front_screen_only(page) -> None:
    """The sign-in screen (or a refusal): the app's name, no sidebar, no navigation, no figures."""
    assert page.locator("h1").first.inner_text().strip() == "Combating Drugs Partnership"
    assert page.locator(SIDEBAR).count() == 0
    assert page.locator('[data-testid="stSidebarNav"], [data-testid="stSelectbox"], '
                        '[data-testid="stMetric"], [data-testid="stVegaLiteChart"]').count() == 0


def test_sign_in_on_the_documented_deployment(browser, postgres_cluster, tmp_path):
    started = time.monotonic()
    database = postgres_cluster.create_database()
    with oidc_provider() as provider:
        server = AppServer(tmp_path / "ws", ARTIFACTS / "logs" / "deploy.log", address=None)
        origin = f"http://127.0.0.1:{server.port}"  # the browser reaches the server directly: no proxy here
        fill = {"https://<host>": origin, "<host>": "127.0.0.1", "<admin-emails>": "analyst@council.example"}
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(deploy_secrets(fill, replace={
            "cookie_secret": secrets.token_hex(32), "client_id": "cdp-app", "client_secret": secrets.token_hex(16),
            "server_metadata_url": f"{provider}/.well-known/openid-configuration"}))
        server.env = deploy_env(fill, replace={
            "CDP_DATABASE_URL": postgres_cluster.url(database), "CDP_WORKSPACE": str(tmp_path / "ws"),
            "STREAMLIT_SECRETS_FILES": str(secrets_file)})
        assert server.env["CDP_DATABASE_URL"].startswith("postgresql+psycopg://")
        server.start()
        phases = {"server started": time.monotonic() - started}
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        page = context.new_page()
        try:
            page.goto(f"{origin}/data")  # a deep link, before signing in
            wait_for_app(page)
            _front_screen_only(page)
            assert "Sign in with your organisation's account" in page.locator("main").inner_text()
            screenshot(page, "sign_in_screen")
            phases["sign-in screen"] = time.monotonic() - started

            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{provider}/oauth2/authorize*")  # the provider's own page
            page.get_by_role("button", name="analyst", exact=True).click()
            page.wait_for_url(f"{origin}/")  # back from /oauth2callback, signed in
            wait_for_app(page)
            sidebar = page.locator(SIDEBAR)
            sidebar.get_by_text("Signed in as Test Analyst (analyst@council.example)").wait_for(timeout=20_000)
            assert page.locator("h1").first.inner_text().strip() == "Are we on track?"
            assert "Local mode" not in sidebar.inner_text()
            assert_no_streamlit_error(page)
            phases["signed in"] = time.monotonic() - started

            sidebar.locator('[data-testid="stSidebarNav"] a', has_text="Data").click()
            page.wait_for_function("() => location.pathname.endsWith('/data')")
            wait_for_app(page)
            assert page.locator("h1").first.inner_text().strip() == "What data does the workspace hold?"
            assert "Signed in as Test Analyst" in sidebar.inner_text()
            assert_no_streamlit_error(page)
            screenshot(page, "signed_in_data_page")
            phases["data page"] = time.monotonic() - started

            sidebar.get_by_role("button", name="Sign out").click()
            page.wait_for_url(f"{provider}/oauth2/end_session*")  # the provider's session ends too
            page.get_by_role("button", name="End session").click()
            page.wait_for_url(f"{origin}/")
            wait_for_app(page)
            _front_screen_only(page)
            assert page.get_by_role("button", name="Sign in").is_visible()
            phases["signed out"] = time.monotonic() - started
            print("sign-in flow, seconds since the test began:", {k: round(v, 1) for k, v in phases.items()})
        finally:
            context.close()
            server.stop()
    log = (ARTIFACTS / "logs" / "deploy.log").read_text()
    assert "Traceback" not in log, log[-3000:]
    assert time.monotonic() - started < 60, "the sign-in flow took over a minute"


def test_local_mode_listening_beyond_localhost_refuses_to_serve(browser, tmp_path):
    log = ARTIFACTS / "logs" / "local_mode_refused.log"
    # every interface, as Streamlit listens when nothing says otherwise; no [auth], no CDP_LOCAL_MODE
    server = AppServer(tmp_path / "ws", log, address="0.0.0.0", env={"CDP_LOCAL_MODE": ""}).start()
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    try:
        page.goto(server.url)
        wait_for_app(page)
        _front_screen_only(page)
        text = page.locator("main").inner_text()
        assert "This server is not open" in text
        assert "listens on every network interface" in text and "CDP_LOCAL_MODE=1" in text
        assert page.locator("button").filter(has_text="Sign in").count() == 0
    finally:
        context.close()
        server.stop()
    assert "Refusing to serve the app (local mode, server address ['0.0.0.0'" in log.read_text()


def _listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on ``port`` (Linux: /proc/net/tcp and tcp6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        for line in open(table).read().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                # the kernel writes each 32-bit word in host (little-endian) order
                packed = b"".join(raw[i:i + 4][::-1] for i in range(0, width, 4))
                found.add(str(ipaddress.ip_address(packed)))
    return found


def test_streamlit_run_as_the_readme_says_listens_on_this_computer_only(tmp_path):
    """``streamlit run app.py`` from the repository (no address given): .streamlit/config.toml's
    ``address = "localhost"`` applies, not Streamlit's default of every interface."""
    server = AppServer(tmp_path / "ws", ARTIFACTS / "logs" / "readme_run.log", address=None).start()
    try:
        addresses = _listening_addresses(server.port)
    finally:
        server.stop()
    assert addresses and all(ipaddress.ip_address(a).is_loopback for a in addresses), addresses

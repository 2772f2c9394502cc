"""Roles in a real browser: members added with the command line (``users add``) and the service it calls;
then a viewer and an editor of Lancashire sign in through a real OpenID Connect provider on localhost, one
after the other, on one server. The viewer sees only Lancashire, reads its plan and is offered no upload (one
line says why) and no Admin page; the editor stores a new plan version, and the audit trail (``audit --json``)
says the editor did."""

import json
import secrets
import subprocess
import sys
import time

import pytest

from cdp_data.bootstrap import open_workspace
from cdp_data.services import access
from tests.signin import oidc_provider
from tests.support import (ARTIFACTS, REPO, AppServer, assert_no_streamlit_error, screenshot,
                           wait_for_app)

pytestmark = pytest.mark.xdist_group("browser")

LANCASHIRE = "E10000017"
SIDEBAR = '[data-testid="stSidebar"]'


def _cli(workspace, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "cdp_data", *args, "--workspace", str(workspace)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _sign_in(page, origin: str, provider: str, who: str) -> None:
    page.goto(origin)
    wait_for_app(page)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{provider}/oauth2/authorize*")
    page.get_by_role("button", name=who, exact=True).click()
    page.wait_for_url(f"{origin}/*")
    wait_for_app(page)
    page.locator(SIDEBAR).get_by_text(f"Signed in as Test {who.title()}").wait_for(timeout=20_000)


def _open_delivery_plan(page) -> None:
    page.locator(f'{SIDEBAR} [data-testid="stSidebarNav"] a', has_text="Delivery plan").click()
    page.wait_for_function("() => location.pathname.endsWith('/delivery_plan')")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == "Is the delivery plan on track?"
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=20_000)  # the plan is there to read


def _sign_out(page, origin: str, provider: str) -> None:
    page.locator(SIDEBAR).get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{provider}/oauth2/end_session*")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{origin}/")
    wait_for_app(page)
    page.get_by_role("button", name="Sign in").wait_for(timeout=20_000)


def test_a_viewer_and_an_editor_see_what_each_may(browser, shared_data, tmp_path):
    started = time.monotonic()
    ws = tmp_path / "ws"
    assert _cli(ws, "users", "add", "viewer@example.org", "--partnership", LANCASHIRE, "--role", "viewer") == \
        "viewer@example.org is a viewer of E10000017.\n"
    # the editor through the service the command calls (in this process: a second command would cost seconds)
    local = open_workspace(ws)  # local mode: the person at the keyboard, as the command line is
    try:
        assert access.add_member(local, "editor@example.org", LANCASHIRE, "editor") == \
            "editor@example.org is an editor of E10000017."
    finally:
        local.dispose()
    phases = {"members added": time.monotonic() - started}
    with oidc_provider() as provider:
        server = AppServer(ws, ARTIFACTS / "logs" / "roles.log")
        origin = f"http://127.0.0.1:{server.port}"
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(
            f'[auth]\nredirect_uri = "{origin}/oauth2callback"\ncookie_secret = "{secrets.token_hex(32)}"\n'
            f'client_id = "cdp-app"\nclient_secret = "{secrets.token_hex(16)}"\n'
            f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n')
        server.env = {"STREAMLIT_SECRETS_FILES": str(secrets_file), "CDP_ADMINS": ""}
        server.start()
        phases["server started"] = time.monotonic() - started
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        try:
            _sign_in(page, origin, provider, "viewer")
            sidebar = page.locator(SIDEBAR)
            sidebar.get_by_test_id("stSelectbox").filter(has_text="Partnership").click()
            options = page.get_by_role("option")
            options.first.wait_for()
            assert options.all_inner_texts() == [f"Lancashire ({LANCASHIRE})"]
            page.keyboard.press("Escape")
            navigation = [text.split("\n")[-1] for text in  # each link's text after its icon's name
                          sidebar.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]
            assert "Delivery plan" in navigation and "Admin" not in navigation, navigation
            _open_delivery_plan(page)
            main = page.locator("main")
            main.get_by_text("You are a viewer of E10000017: uploading a new version of the plan needs an "
                             "editor, so the controls for it are not shown.").wait_for()
            assert main.get_by_text("Upload a new version of the plan").count() == 0
            assert main.locator('[data-testid="stFileUploader"]').count() == 0
            assert_no_streamlit_error(page)
            screenshot(page, "roles_viewer_delivery_plan", full_page=False)
            phases["viewer"] = time.monotonic() - started

            _sign_out(page, origin, provider)
            _sign_in(page, origin, provider, "editor")
            _open_delivery_plan(page)
            assert main.get_by_text("controls for it are not shown").count() == 0
            main.get_by_text("Upload a new version of the plan").first.click()
            uploader = main.locator('[data-testid="stFileUploaderDropzoneInput"]')
            uploader.wait_for(state="attached", timeout=20_000)
            uploader.set_input_files(str(shared_data / "plans" / "ldp_merged_cells.xlsx"))
            page.wait_for_function(
                "() => { const b = [...document.querySelectorAll('button')].find(x => x.innerText.includes("
                "'Store as a new version')); return b && !b.disabled; }", timeout=30_000)
            main.get_by_role("button", name="Store as a new version").click()
            main.get_by_text("Stored ldp_merged_cells.xlsx as a new version of the plan.").wait_for(timeout=30_000)
            wait_for_app(page)
            assert_no_streamlit_error(page)
            chosen = main.get_by_test_id("stSelectbox").filter(has_text="Plan version").evaluate(
                "e => e.innerText + ' ' + [...e.querySelectorAll('input')].map(i => i.value).join(' ')")
            assert "Version 3: ldp_merged_cells.xlsx" in chosen, chosen
            assert "by Test Editor" in chosen, chosen  # no name typed: the account's name is recorded
            assert "3 plan version(s)" in page.locator(SIDEBAR).inner_text()
            screenshot(page, "roles_editor_delivery_plan", full_page=False)
            phases["editor"] = time.monotonic() - started
        finally:
            context.close()
            server.stop()
    entries = [json.loads(line)  # one object per line
               for line in _cli(ws, "audit", "--json", "--partnership", LANCASHIRE).splitlines()]
    uploads = [e for e in entries if e["action"] == "plan uploaded"]
    assert [(e["user"], e["partnership"]) for e in uploads] == [("editor@example.org", LANCASHIRE)], entries
    assert not [e for e in entries if e["action"] == "refused"], entries  # the viewer was never offered a write
    log = (ARTIFACTS / "logs" / "roles.log").read_text()
    assert "Traceback" not in log, log[-3000:]
    print("roles flow, seconds since the test began:", {k: round(v, 1) for k, v in phases.items()})
    assert time.monotonic() - started < 90, "the roles flow took over a minute and a half"

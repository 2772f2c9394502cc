"""The README's "Deploy for a partnership" shows deploy/secrets.example.toml and deploy/env.example verbatim
(tests/browser/test_deploy.py starts a server from those files), and the settings agree with each other."""

import tomllib

from tests.signin import ENV_EXAMPLE, SECRETS_EXAMPLE, deploy_env
from tests.support import REPO
from ui.identity import AUTH_KEYS


def _block_after(marker: str) -> str:
    readme = (REPO / "README.md").read_text()
    start = readme.index(f"<!-- {marker} -->")
    fence = readme.index("```", start)
    body = readme.index("\n", fence) + 1
    return readme[body:readme.index("```", body)]


def test_the_readme_shows_the_deploy_files_as_they_are():
    assert _block_after("deploy/secrets.example.toml") == SECRETS_EXAMPLE.read_text()
    assert _block_after("deploy/env.example") == ENV_EXAMPLE.read_text()


def test_the_secrets_example_has_exactly_the_keys_the_app_requires():
    auth = tomllib.loads(SECRETS_EXAMPLE.read_text())["auth"]
    assert sorted(auth) == sorted(AUTH_KEYS)
    assert auth["redirect_uri"].endswith("/oauth2callback")
    assert auth["server_metadata_url"] == \
        "https://login.microsoftonline.com/<tenant-id>/v2.0/.well-known/openid-configuration"


def test_the_upload_limits_agree():
    env = deploy_env({"<password>": "p", "<db-host>": "db", "<admin-emails>": "a@b.example", "<host>": "h"}, {})
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert env["CDP_MAX_UPLOAD_MB"] == env["STREAMLIT_SERVER_MAX_UPLOAD_SIZE"] == str(config["server"]["maxUploadSize"])
    assert env["CDP_DATABASE_URL"] == "postgresql+psycopg://cdp:p@db:5432/cdp"
    assert env["STREAMLIT_SERVER_ENABLE_CORS"] == env["STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION"] == "true"

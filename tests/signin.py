"""Sign-in test support: a real OpenID Connect provider on localhost, and the deployment settings of
``deploy/`` (the files the README shows) filled in for a test.

``oidc_provider()`` runs ``oidc-provider-mock`` in a thread on a free port: it publishes real discovery
metadata, keys, authorisation, token and end-session endpoints, signs real ID tokens, and lets a test sign in
as one of :data:`PEOPLE` with one click on its authorisation page.
"""

from __future__ import annotations

import re
import tomllib
from contextlib import contextmanager
from pathlib import Path

from bench.appserver import REPO

DEPLOY = REPO / "deploy"
SECRETS_EXAMPLE = DEPLOY / "secrets.example.toml"
ENV_EXAMPLE = DEPLOY / "env.example"
PLACEHOLDER = re.compile(r"<[^<>]+>")

# subject -> claims (no real person: role names and example.org-style addresses)
PEOPLE = {
    "analyst": {"email": "Analyst@Council.Example", "name": "Test Analyst"},
    "viewer": {"email": "viewer@example.org", "name": "Test Viewer"},   # tests/browser/test_roles.py
    "editor": {"email": "editor@example.org", "name": "Test Editor"},
}


@contextmanager
def oidc_provider():
    """The provider's base URL (its metadata is at ``/.well-known/openid-configuration``)."""
    from oidc_provider_mock import User, run_server_in_thread

    users = [User(sub=sub, claims=claims) for sub, claims in PEOPLE.items()]
    with run_server_in_thread(port=0, user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


def _fill(value: str, fill: dict[str, str]) -> str:
    for placeholder, actual in fill.items():
        value = value.replace(placeholder, actual)
    left = PLACEHOLDER.findall(value)
    assert not left, f"placeholder(s) {left} in deploy/ not filled in by the test"
    return value


def deploy_secrets(fill: dict[str, str], replace: dict[str, str]) -> str:
    """deploy/secrets.example.toml with each ``<placeholder>`` (or a longer text holding one, such as
    ``https://<host>``) replaced as ``fill`` says, and the values of the keys in ``replace`` replaced whole
    (only keys whose example value holds a placeholder may be). Returns the TOML text."""
    auth = tomllib.loads(SECRETS_EXAMPLE.read_text())["auth"]
    assert set(replace) <= {k for k, v in auth.items() if PLACEHOLDER.search(v)}, "replace only placeholders"
    filled = {key: replace[key] if key in replace else _fill(value, fill) for key, value in auth.items()}
    return "[auth]\n" + "".join(f"{key} = {_toml_string(value)}\n" for key, value in filled.items())


def deploy_env(fill: dict[str, str], replace: dict[str, str]) -> dict[str, str]:
    """deploy/env.example as a dict, filled in the same way; ``replace`` may also replace the server's own
    paths (values starting with /), which a test keeps in its temporary folder."""
    settings = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            settings[key.strip()] = value.strip()
    assert set(replace) <= {k for k, v in settings.items() if PLACEHOLDER.search(v) or v.startswith("/")}, \
        "replace only placeholders and server paths"
    return {key: replace[key] if key in replace else _fill(value, fill) for key, value in settings.items()}


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

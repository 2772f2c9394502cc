"""The Fingertips API client against a local HTTP server serving recorded export-format responses."""

import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

import pytest

from cdp_data.core.errors import FetchError, LoadError
from cdp_data.present.indicators import describe_age
from cdp_data.services import fingertips_api
from cdp_data.store.indicator_values import read_values
from tests.support import local_server

EXPORT = "public/fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv"


class Recorded(BaseHTTPRequestHandler):
    responses: dict = {}
    failures_before_success = 0
    requests: list = []
    delay = 0.0

    def do_GET(self):
        url = urlparse(self.path)
        Recorded.requests.append(self.path)
        if Recorded.delay:
            time.sleep(Recorded.delay)
        if Recorded.failures_before_success > 0:
            Recorded.failures_before_success -= 1
            self.send_response(503)
            self.end_headers()
            return
        query = parse_qs(url.query)
        key = (url.path, query.get("indicator_ids", query.get("profile_id", [""]))[0])
        body = Recorded.responses.get(key)
        if body is None:
            self.send_response(400)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def recorded(responses: dict) -> type[Recorded]:
    """The handler, answering ``responses`` ((path, id) to bytes), with no failures, requests or delay yet."""
    Recorded.responses, Recorded.failures_before_success, Recorded.requests, Recorded.delay = responses, 0, [], 0.0
    return Recorded


@pytest.fixture
def server(shared_data, monkeypatch):
    export = (shared_data / EXPORT).read_bytes()
    handler = recorded({("/api/all_data/csv/by_indicator_id", "93517"): export,
                        ("/api/all_data/csv/by_profile_id", "101"): export})
    with local_server(handler) as base:
        monkeypatch.setenv("CDP_FINGERTIPS_BASE_URL", f"{base}/api")
        yield base


def test_fetch_stores_values_reports_progress_and_caches(workspace, server):
    steps = []
    report = fingertips_api.fetch_indicators(workspace, ["93517"], 502, progress=lambda d, t, m: steps.append((d, t)))
    assert report.rows == 13 and report.kind == "fingertips_api"
    assert steps[0] == (0, 2) and steps[-1] == (2, 2)
    assert "child_area_type_id=502" in Recorded.requests[0] and "parent_area_type_id=15" in Recorded.requests[0]
    stored = read_values(workspace, indicator_id="93517", source="OHID Fingertips")
    assert len(stored) == 13
    again = fingertips_api.fetch_indicators(workspace, ["93517"], 502)
    assert len(Recorded.requests) == 1  # served from the cache
    assert any("local cache" in w for w in again.warnings)
    assert fingertips_api.cache_status(workspace)["files"] == 1


def test_retries_with_backoff_on_server_errors(workspace, server):
    Recorded.failures_before_success = 2
    report = fingertips_api.fetch_indicators(workspace, ["93517"], 502, backoff=0.01)
    assert report.rows == 13 and len(Recorded.requests) == 3


def test_gives_up_with_one_sentence(workspace, server):
    Recorded.failures_before_success = 10
    with pytest.raises(FetchError, match="after 3 attempts \\(the server answered 503\\)"):
        fingertips_api.fetch_indicators(workspace, ["93517"], 502, retries=2, backoff=0.01)


def test_timeout_is_applied(workspace, server, monkeypatch):
    Recorded.delay = 1.0
    monkeypatch.setenv("CDP_HTTP_TIMEOUT", "0.2")
    started = time.time()
    with pytest.raises(FetchError, match="no answer within 0.2 seconds"):
        fingertips_api.fetch_indicators(workspace, ["93517"], 502, retries=1, backoff=0.01)
    assert time.time() - started < 5


def test_refused_request_and_bad_ids(workspace, server):
    with pytest.raises(FetchError, match="HTTP 400"):
        fingertips_api.fetch_indicators(workspace, ["12345"], 502)
    with pytest.raises(LoadError, match="are numbers"):
        fingertips_api.fetch_indicators(workspace, ["abc"], 502)


def test_profile_download(workspace, server):
    report = fingertips_api.fetch_profile(workspace, "101", 502)
    assert report.rows == 13 and "by_profile_id?profile_id=101" in Recorded.requests[0]


def test_cache_age_is_described():
    assert describe_age(30) == "just now"
    assert describe_age(3 * 3600 + 5) == "3 hours old"
    assert describe_age(86400) == "1 day old"

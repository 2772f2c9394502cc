"""An error nobody expected in a command: one sentence with a reference on stderr, the traceback in the log."""

from cdp_data import cli


def test_unexpected_error_is_one_line_with_a_reference_and_the_traceback_is_logged(tmp_path, monkeypatch, capsys):
    from cdp_data.commands import workspace as workspace_command

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("/srv/secret/path")

    monkeypatch.setattr(workspace_command, "open_workspace", broken)
    log_file = tmp_path / "cli.log"
    monkeypatch.setenv("CDP_LOG_FILE", str(log_file))
    monkeypatch.setattr(cli.logs, "configure", _fresh_configure(cli.logs.configure))
    code = cli.main(["workspace", "info", "--workspace", str(tmp_path / "ws")])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "reference E-" in err and "/srv/secret" not in err and "Traceback" not in err
    reference = err.rsplit("reference ", 1)[1].strip().rstrip(".")
    logged = log_file.read_text()
    assert reference in logged and "Traceback" in logged and "ZeroDivisionError" in logged


def _fresh_configure(configure):
    """The logger configured anew for this test (another test may have configured it already)."""
    def again(default_file=None):
        log = cli.logs.logger()
        for handler in list(log.handlers):
            log.removeHandler(handler)
        log._cdp_configured = False
        return configure(default_file)
    return again

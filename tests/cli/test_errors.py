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


def test_a_reader_that_goes_away_stops_the_command_quietly(tmp_path, monkeypatch, capsys):
    """``python -m cdp_data ... | head``: when the pipe closes, no error sentence, nothing logged, status 141."""
    import io

    class ClosedPipe(io.StringIO):
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

    log_file = tmp_path / "cli.log"
    monkeypatch.setenv("CDP_LOG_FILE", str(log_file))
    monkeypatch.setattr(cli.logs, "configure", _fresh_configure(cli.logs.configure))
    monkeypatch.setattr("sys.stdout", ClosedPipe())
    code = cli.main(["workspace", "info", "--json", "--workspace", str(tmp_path / "ws")])
    assert code == 141
    assert capsys.readouterr().err == ""
    assert not log_file.exists() or "BrokenPipeError" not in log_file.read_text()

"""`python nano/app.py` starts Streamlit on the file itself, dark, headless, port 8501."""

import contextlib
import sys
from pathlib import Path

import streamlit.web.cli


def test_launch_runs_streamlit_on_this_file_with_the_house_settings(nano, monkeypatch, capsys):
    seen = {}

    def fake_streamlit_main():
        seen["argv"] = list(sys.argv)
        return 0

    monkeypatch.setattr(streamlit.web.cli, "main", fake_streamlit_main)
    try:
        nano.launch(["--server.port", "9999"])
    except SystemExit as stop:
        assert stop.code == 0
    argv = seen["argv"]
    assert argv[:3] == ["streamlit", "run", str(Path(nano.__file__).resolve())]
    options = dict(zip(argv[3::2], argv[4::2], strict=True))
    assert options["--theme.base"] == "dark"
    assert options["--theme.light.textColor"] == nano.LIGHT_TEXT  # light is selectable
    assert options["--server.headless"] == "true"
    assert options["--browser.gatherUsageStats"] == "false"  # no calls home
    assert options["--client.showErrorDetails"] == "none"  # never a traceback in the browser
    assert argv[-2:] == ["--server.port", "9999"]  # the caller's options come last and win
    printed = capsys.readouterr().out
    assert "http://localhost:9999" in printed
    assert "colleagues on the LAN: http://" in printed


def test_a_loopback_only_server_prints_no_lan_address(nano, monkeypatch, capsys):
    monkeypatch.setattr(streamlit.web.cli, "main", lambda: 0)
    with contextlib.suppress(SystemExit):
        nano.launch(["--server.address", "127.0.0.1"])
    assert "LAN" not in capsys.readouterr().out


def test_the_lan_address_is_never_loopback(nano):
    address = nano.lan_address()
    assert not address.startswith("127.")


def test_launch_defaults_to_port_8501(nano, monkeypatch, capsys):
    monkeypatch.setattr(streamlit.web.cli, "main", lambda: 0)
    with contextlib.suppress(SystemExit):
        nano.launch([])
    assert ":8501" in capsys.readouterr().out


def test_the_database_lives_beside_the_file_unless_configured(nano, monkeypatch, nano_env):
    assert nano_env == nano.DB_PATH
    source = Path(nano.__file__).read_text()
    assert 'Path(__file__).resolve().with_name("tickets.db")' in source


def test_local_times_follow_the_viewer_and_survive_bad_zones(nano, monkeypatch):
    monkeypatch.setattr(nano, "browser_says", lambda name: "Europe/Berlin")
    assert nano.local_time("2026-01-15T12:00:00.000000+00:00") == "2026-01-15 13:00"
    monkeypatch.setattr(nano, "browser_says", lambda name: "Mars/Olympus")
    assert nano.local_time("2026-01-15T12:00:00.000000+00:00") == "2026-01-15 12:00"
    assert nano.local_time(None) == "–"

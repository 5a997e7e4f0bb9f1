"""Both documented ways to start Nano serve the app: `python nano/app.py` and `streamlit run`."""

import urllib.request

import pytest

pytestmark = pytest.mark.browser


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
        return response.read().decode()


@pytest.mark.parametrize("command", [
    ["{python}", "nano/app.py", "--server.port", "{port}", "--server.address", "127.0.0.1"],
    ["{python}", "-m", "streamlit", "run", "nano/app.py", "--server.port", "{port}",
     "--server.address", "127.0.0.1", "--server.headless", "true"],
], ids=["python-nano-app", "streamlit-run"])
def test_each_start_command_serves_the_app(launch_server, python_executable, tmp_path, command):
    command = [part.replace("{python}", python_executable) for part in command]
    base_url = launch_server(command, health_path="/_stcore/health",
                             env={"NANO_DB_PATH": str(tmp_path / "tickets.db"),
                                  "NANO_SCRYPT_N": "1024"})
    assert fetch(base_url + "/_stcore/health") == "ok"
    assert "<title>Streamlit</title>" in fetch(base_url + "/")

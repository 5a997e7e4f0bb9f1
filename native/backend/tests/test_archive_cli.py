"""`python -m helpdesk.manage export FILE` / `import FILE` (what `./run native export|import`
runs), as real processes on real databases; a progress bar only on a terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

from tests.native.api_harness import REDIS_URL, SECRETS_DIR

BACKEND = Path(__file__).resolve().parents[1]


def manage(database_url: str, *arguments: str, tty: bool = False) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": str(BACKEND), "DATABASE_URL": database_url,
           "REDIS_URL": REDIS_URL, "APP_ENV": "testing", "PASSWORD_TIME_COST": "1",
           "PASSWORD_MEMORY_KIB": "8192", "SECRETS_FILE": f"{SECRETS_DIR}/cli-secrets.env"}
    command = [sys.executable, "-m", "helpdesk.manage", *arguments]
    if not tty:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300,
                              check=False)
        return done.returncode, done.stdout, done.stderr
    leader, follower = pty.openpty()
    # A new pty is 0×0, where tqdm draws nothing; a real terminal has a size.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=follower) as process:
        os.close(follower)
        stdout = process.stdout.read().decode() if process.stdout else ""
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end closed: the process has ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        return process.wait(timeout=300), stdout, b"".join(chunks).decode(errors="replace")


def test_export_then_import_into_a_new_database(api, database_url, fresh_database, tmp_path):
    api.create_ticket(title="Über den Drucker")
    api.create_ticket(title="Zweites")
    archive = tmp_path / "helpdesk.zip"
    code, out, err = manage(database_url, "export", str(archive))
    assert code == 0, err
    assert out.strip() == (f"Exported 3 users, 2 tickets, 0 comments, 0 changes, 4 unread, "
                           f"0 attachments to {archive}.")
    assert "%" not in err  # no terminal, no progress bar
    target = fresh_database("cli")
    code, out, err = manage(target, "import", str(archive), tty=True)
    assert code == 0, err
    assert "Loaded 2 tickets." in out.splitlines()
    assert "tickets" in err and "100%" in err  # the bar, drawn on the terminal
    code, out, err = manage(target, "import", str(archive))
    assert code == 1
    assert "The database is not empty: it has 2 tickets" in err
    assert "Nothing was changed." in err


def test_import_of_a_missing_or_bad_file_says_why(database_url, tmp_path, app):
    code, _out, err = manage(database_url, "import", str(tmp_path / "nope.zip"))
    assert code == 1
    assert "there is no file" in err
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    code, _out, err = manage(database_url, "import", str(bad))
    assert code == 1
    assert "not a readable zip file" in err and "Traceback" not in err
    code, _out, err = manage(database_url, "export")
    assert code == 2
    assert "needs the archive's file name" in err

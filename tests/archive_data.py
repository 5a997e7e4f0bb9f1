"""A generated help desk in archive form (docs/archive-format.md), for the export/import
tests of every edition and for benchmarks/archive_bench.py.

`generate()` gives the records of each member and every account's password. The data is
what Nano and Micro make themselves: every status with its history, public replies and
internal notes with Unicode and markup, reassignments, and unread marks that both editions'
notification rules can produce (an event on the ticket by someone else after the account
was created; a reporter hears only of public replies and status changes on their own
tickets). The same seed gives the same data.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher

from micro.archive_format import write_archive

START = datetime(2026, 1, 5, 7, 30, tzinfo=UTC)
CHEAP_SCRYPT_N = 16  # Nano's format at a test cost; the hash carries its parameters
CHEAP_ARGON2 = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
STATUS_PATH = ("new", "in_progress", "resolved", "closed")
TEXTS = (
    "Der Drucker im 2. OG druckt nur noch leere Seiten. Grüße, Jürgen",
    "<script>alert('x')</script> & <b>bold</b> \"quoted\" 'single'",
    "**Markdown** _stays_ `as typed`: [link](https://example.com) www.example.org",
    "=HYPERLINK(\"https://evil.example\",\"click\") +1 -1 @SUM(A1)",
    "日本語のテキスト, Ελληνικά, русский, עברית, العربية 🎉🖨️",
    "Line one\nline two\r\nline three\twith a tab",
    "A line separator\u2028and a paragraph separator\u2029inside one comment",
    "Zero-width joiner: 👩\u200d💻, combining: e\u0301, BOM-like: \ufeffstart",
    "Backslashes \\n \\t and a literal {\"json\": [1, 2]} in text",
    "VPN drops every 10 minutes since the update to 4.2.",
)


@dataclass
class DataSet:
    records: dict[str, list[dict]]
    passwords: dict[str, str]  # username -> the password that logs in

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.records.items()}


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def scrypt_hash(password: str, salt: bytes) -> str:
    """Nano's scheme: scrypt$N$r$p$salt$hash."""
    digest = hashlib.scrypt(password.encode(), salt=salt, n=CHEAP_SCRYPT_N, r=8, p=1, dklen=32)
    return "$".join(["scrypt", str(CHEAP_SCRYPT_N), "8", "1",
                     base64.b64encode(salt).decode(), base64.b64encode(digest).decode()])


def make_users(rng: random.Random, count: int) -> tuple[list[dict], dict[str, str]]:
    """An admin, support staff and reporters; half the hashes scrypt (Nano), half argon2id."""
    users, passwords = [], {}
    for index in range(count):
        role = "admin" if index == 0 else "support" if index < max(2, count // 4) else "user"
        username = "admin" if index == 0 else f"{role}.{index:03d}"
        password = f"Pässwort-{index}-{rng.randrange(10**6):06d}"
        password_hash = (scrypt_hash(password, rng.randbytes(16)) if index % 2 == 0
                         else CHEAP_ARGON2.hash(password))
        users.append({
            "id": index + 1, "username": username, "email": f"{username}@example.com",
            "role": role, "active": index % 11 != 10, "password_hash": password_hash,
            "default_password": False, "language": None, "email_notifications": None,
            "created_at": stamp(START - timedelta(days=30, minutes=index)),
        })
        passwords[username] = password
    return users, passwords


class Builder:
    """Tickets with their comments, changes and the events the notification rules see."""

    def __init__(self, rng: random.Random, users: list[dict]) -> None:
        self.rng = rng
        self.staff = [u["id"] for u in users if u["role"] != "user"]
        self.reporters = [u["id"] for u in users if u["role"] == "user"] or self.staff
        self.records: dict[str, list[dict]] = {"tickets": [], "comments": [], "changes": []}
        # (ticket id, actor id, public) of every event someone may be told of
        self.events: list[tuple[int, int, bool, str]] = []

    def ticket(self, ticket_id: int) -> None:
        rng = self.rng
        creator = rng.choice(self.reporters)
        moment = START + timedelta(minutes=37 * ticket_id, microseconds=rng.randrange(10**6))
        ticket = {
            "id": ticket_id, "title": f"#{ticket_id} {rng.choice(TEXTS)[:60].strip()}",
            "description": rng.choice(TEXTS), "category": rng.choice(("bug", "feature",
                                                                      "support")),
            "priority": rng.choice(("low", "medium", "high")), "status": "new",
            "created_by": creator, "assigned_to": None, "last_updated_by": creator,
            "created_at": stamp(moment), "updated_at": stamp(moment), "resolved_at": None,
        }
        self.records["tickets"].append(ticket)
        self.events.append((ticket_id, creator, False, "created"))
        steps = ticket_id % len(STATUS_PATH)  # every status, evenly
        for step in range(1, steps + 1):
            moment += timedelta(minutes=rng.randrange(5, 600), microseconds=rng.randrange(999))
            actor = rng.choice(self.staff)
            if step == 1:
                self.change(ticket, actor, "assigned_to", actor, moment)
            self.comment(ticket, actor, moment, internal=rng.random() < 0.3)
            self.change(ticket, actor, "status", STATUS_PATH[step], moment)
            if STATUS_PATH[step] == "resolved":
                ticket["resolved_at"] = stamp(moment)
        if rng.random() < 0.5:  # the reporter answers
            moment += timedelta(minutes=rng.randrange(5, 300))
            self.comment(ticket, creator, moment, internal=False)
        if rng.random() < 0.2:
            self.change(ticket, rng.choice(self.staff), "priority", "high"
                        if ticket["priority"] != "high" else "low", moment)

    def comment(self, ticket: dict, author: int, moment: datetime, *, internal: bool) -> None:
        comments = self.records["comments"]
        comments.append({"id": len(comments) + 1, "ticket_id": ticket["id"],
                         "author_id": author, "body": self.rng.choice(TEXTS),
                         "internal": internal, "created_at": stamp(moment)})
        self.touch(ticket, author, moment)
        self.events.append((ticket["id"], author, not internal, "comment"))

    def change(self, ticket: dict, actor: int, name: str, value: object,
               moment: datetime) -> None:
        changes = self.records["changes"]
        old = ticket[name]
        changes.append({"id": len(changes) + 1, "ticket_id": ticket["id"], "actor_id": actor,
                        "field": name, "old_value": None if old is None else str(old),
                        "new_value": None if value is None else str(value),
                        "created_at": stamp(moment)})
        ticket[name] = value
        self.touch(ticket, actor, moment)
        if name == "status":
            self.events.append((ticket["id"], actor, True, "status"))

    @staticmethod
    def touch(ticket: dict, actor: int, moment: datetime) -> None:
        ticket["updated_at"] = stamp(moment)
        ticket["last_updated_by"] = actor


def unread_marks(rng: random.Random, users: list[dict], builder: Builder,
                 share: float) -> list[dict]:
    """A share of the (person, ticket) pairs that both editions' rules can mark unread:
    staff hear of every event by someone else, a reporter of public replies and status
    changes by someone else on their own tickets (all accounts predate all events)."""
    creators = {t["id"]: t["created_by"] for t in builder.records["tickets"]}
    staff = [u["id"] for u in users if u["role"] != "user"]
    candidates = set()
    for ticket_id, actor, public, kind in builder.events:
        candidates.update((user_id, ticket_id) for user_id in staff if user_id != actor)
        creator = creators[ticket_id]
        if public and kind != "created" and creator != actor:
            candidates.add((creator, ticket_id))
    chosen = [pair for pair in sorted(candidates) if rng.random() < share]
    return [{"user_id": user_id, "ticket_id": ticket_id} for user_id, ticket_id in chosen]


def generate(tickets: int = 300, users: int = 12, *, seed: int = 15,
             unread_share: float = 0.3) -> DataSet:
    rng = random.Random(seed)
    accounts, passwords = make_users(rng, users)
    builder = Builder(rng, accounts)
    for ticket_id in range(1, tickets + 1):
        builder.ticket(ticket_id)
    records = {"users": accounts, **builder.records,
               "unread": unread_marks(rng, accounts, builder, unread_share), "attachments": []}
    return DataSet(records, passwords)


def write(path: str | Path, data: DataSet, source_edition: str = "nano") -> Path:
    """The data set as an archive file, as that edition's export would write it."""
    write_archive(path, source_edition, data.records, data.counts())
    return Path(path)


SCHEMA = Path(__file__).resolve().parent.parent / "contract" / "archive.schema.json"


def validated_records(path: str | Path) -> tuple[dict, dict[str, list[dict]]]:
    """The manifest and records of an exported file, read with nothing but zipfile and json
    and each checked with `jsonschema` (the reference validator) against the contract."""
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    check = {name: Draft202012Validator({**schema, "$ref": f"#/$defs/{name}"})
             for name in ("manifest", "users", "tickets", "comments", "changes", "unread",
                          "attachments")}
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        check["manifest"].validate(manifest)
        records = {}
        for name in manifest["counts"]:
            data = archive.read(f"{name}.jsonl")
            assert hashlib.sha256(data).hexdigest() == manifest["sha256"][f"{name}.jsonl"]
            lines = data.decode("utf-8").split("\n")
            assert lines.pop() == "", f"{name}.jsonl ends with a newline"
            records[name] = [json.loads(line) for line in lines]
            assert len(records[name]) == manifest["counts"][name]
            for record in records[name]:
                check[name].validate(record)
    return manifest, records


def run_on_terminal(command: list[str], environment: dict[str, str]) -> bytes:
    """Run a command in the repository root with its stderr on a pseudo-terminal of 100
    columns; returns what the terminal showed (after checking that the command succeeded)."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    with os.fdopen(leader, "rb", buffering=0) as terminal:
        process = subprocess.Popen(command, cwd=SCHEMA.parent.parent, env=environment,
                                   stdout=subprocess.DEVNULL, stderr=follower)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = terminal.read(4096)
            except OSError:  # every writer is gone: Linux answers EIO
                break
            if not chunk:
                break
            shown += chunk
        assert process.wait(timeout=120) == 0, shown
    return shown


# --- damaged archives, for the refusal tests ---------------------------------------------

def rewrite(source: Path, target: Path, change) -> Path:
    """A copy of the archive with `change(members)` applied to its members' bytes."""
    with zipfile.ZipFile(source) as archive_file:
        members = {name: archive_file.read(name) for name in archive_file.namelist()}
    change(members)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive_file:
        for name, content in members.items():
            archive_file.writestr(name, content)
    return target


def fix_manifest(members: dict[str, bytes]) -> None:
    """Recount and re-checksum the members, as a careful forger would."""
    manifest = json.loads(members["manifest.json"])
    for name in manifest["counts"]:
        content = members[f"{name}.jsonl"]
        manifest["counts"][name] = content.count(b"\n")
        manifest["sha256"][f"{name}.jsonl"] = hashlib.sha256(content).hexdigest()
    members["manifest.json"] = json.dumps(manifest).encode()


def attachment_line() -> bytes:
    return json.dumps({"id": 1, "ticket_id": 1, "uploaded_by": 1, "filename": "a.png",
                       "content_type": "image/png", "size": 3, "sha256": "0" * 64,
                       "created_at": "2026-01-05T07:30:00.000000Z"}).encode() + b"\n"


def truncate(path: Path) -> Path:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def corrupt(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    for offset in range(200, 400):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def set_version(members):
    manifest = json.loads(members["manifest.json"])
    manifest["version"] = 2
    members["manifest.json"] = json.dumps(manifest).encode()


def set_format(members):
    members["manifest.json"] = b'{"format": "other-tool", "version": 1}'


def change_title(members):
    members["tickets.jsonl"] = members["tickets.jsonl"].replace(b'"#1 ', b'"#1 X', 1)


def drop_line(members):
    members["comments.jsonl"] = members["comments.jsonl"].split(b"\n", 1)[1]


def bad_status(members):
    members["tickets.jsonl"] = members["tickets.jsonl"].replace(
        b'"status":"new"', b'"status":"open"', 1)
    fix_manifest(members)


def not_json(members):
    members["tickets.jsonl"] = b"{not json\n" + members["tickets.jsonl"].split(b"\n", 1)[1]
    fix_manifest(members)


def unknown_author(members):
    lines = members["comments.jsonl"].split(b"\n")
    comment = json.loads(lines[0])
    comment["author_id"] = 999
    lines[0] = json.dumps(comment).encode()
    members["comments.jsonl"] = b"\n".join(lines)
    fix_manifest(members)


def duplicate_id(members):
    lines = members["users.jsonl"].split(b"\n")
    members["users.jsonl"] = b"\n".join([lines[0], *lines])
    fix_manifest(members)


def case_twins(members):
    lines = members["users.jsonl"].split(b"\n")
    twin = json.loads(lines[1])
    twin["username"] = json.loads(lines[2])["username"].upper()
    lines[1] = json.dumps(twin).encode()
    members["users.jsonl"] = b"\n".join(lines)
    fix_manifest(members)


def with_attachment(members):
    members["attachments.jsonl"] = attachment_line()
    members["attachments/1"] = b"PNG"
    fix_manifest(members)


def no_manifest(members):
    del members["manifest.json"]


def no_member(members):
    del members["unread.jsonl"]


# Each way an archive can be bad: (change to its members, damage to the file, what the
# refusal says; {edition} is the target's name).
BROKEN_ARCHIVES = {
    "truncated": (None, truncate, "corrupted or truncated"),
    "corrupted": (None, corrupt, "corrupted or truncated"),
    "wrong version": (set_version, None,
                      "format version 2; this edition reads version 1 only"),
    "other format": (set_format, None, "This is no help-desk archive"),
    "no manifest": (no_manifest, None, "it has no manifest.json"),
    "missing member": (no_member, None, "The archive has no unread.jsonl"),
    "checksum": (change_title, None, "tickets.jsonl does not match its checksum"),
    "count": (drop_line, None, "comments.jsonl does not match its checksum"),
    "bad code": (bad_status, None, "tickets.jsonl line 4: tickets.status must be one of"),
    "not json": (not_json, None, "tickets.jsonl line 1 is not a JSON object"),
    "unknown account": (unknown_author, None,
                        "comments.jsonl line 1: author_id 999 is not in users.jsonl"),
    "duplicate id": (duplicate_id, None, "users.jsonl line 2: id 1 is not above"),
    "username twins": (case_twins, None, "does not fit {edition}'s database (UNIQUE constraint"),
    "attachments": (with_attachment, None, "The archive holds 1 attachments, and {edition} has "
                    "no place for files. Nothing was imported. Run the import again with "
                    "--drop-attachments"),
}

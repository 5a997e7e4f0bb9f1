"""The archive: Native → archive → empty Native gives back the same help desk (every
record type, attachments, read state, ids, passwords), and imported hashes log in."""

from __future__ import annotations

import io
import json
from pathlib import Path

from sqlalchemy import text
from tests.native.api_harness import TABLES
from tests.native.archive_kit import build_archive, read_archive, scrypt_hash, small_help_desk

from helpdesk.archive import importer
from helpdesk.archive.export import export_archive
from helpdesk.archive.reader import Archive
from helpdesk.passwords import verify_password, verify_scrypt

ROOT = Path(__file__).resolve().parents[3]
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00"
       b"\x00:~\x9bU\x00\x00\x00\x00IEND\xaeB`\x82")


def export_bytes(app) -> bytes:
    buffer = io.BytesIO()
    with app.app_context(), app.extensions["db_sessionmaker"]() as session:
        export_archive(session, buffer)
    return buffer.getvalue()


def import_bytes(app, data: bytes) -> importer.ImportReport:
    with app.app_context(), Archive(io.BytesIO(data)) as archive, \
            app.extensions["db_sessionmaker"]() as session:
        report = importer.load(session, archive, app.config)
        session.commit()
    return report


def empty_database(app) -> None:
    """As a new installation: no data, the demo accounts only."""
    from helpdesk.users.service import seed_accounts

    with app.extensions["db_engine"].begin() as connection:
        connection.execute(text(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE"))
    with app.app_context(), app.extensions["db_sessionmaker"]() as session:
        seed_accounts(session, app.config)
        session.commit()


def busy_help_desk(api) -> dict[str, int]:
    """Every record type through the API, as people would make them."""
    api.create_user("sam", role="support", language="de")
    mia = api.create_user("mia")
    assert api.patch(f"/api/v1/users/{mia['id']}", "admin",
                     json={"email_notifications": False}).status_code == 200
    first = api.create_ticket(title="Drucker <b>klemmt</b> & \"piept\"",
                              description="Büro Süd ✓\n**fett** <img src=x onerror=alert(1)>")
    second = api.create_ticket("mia", title="VPN", category="support", priority="high")
    third = api.create_ticket("user", title="Neues Feature", category="feature")
    path = f"/api/v1/tickets/{first['id']}"
    triage = {"assigned_to": 2, "priority": "high"}
    assert api.patch(path, "support", json=triage).status_code == 200
    assert api.patch(path, "support", json={"status": "in_progress"}).status_code == 200
    for body, internal in (("Schau ich mir an 🙂", False), ("<script>x</script> intern", True)):
        assert api.post(f"{path}/comments", "support",
                        json={"body": body, "internal": internal}).status_code == 201
    assert api.post(f"{path}/comments", "user", json={"body": "Danke!"}).status_code == 201
    assert api.patch(path, "support", json={"status": "resolved"}).status_code == 200
    assert api.patch(path, "user", json={"status": "closed"}).status_code == 200
    upload = api.post(f"{path}/attachments", "user", content_type="multipart/form-data",
                      data={"file": (io.BytesIO(PNG), "screen shot.png")})
    assert upload.status_code == 201
    assert api.patch(f"/api/v1/tickets/{second['id']}", "sam",
                     json={"assigned_to": 4, "category": "bug"}).status_code == 200
    assert api.get(f"/api/v1/tickets/{second['id']}", "mia").status_code == 200
    # The support form: a reply and taking the ticket in progress, which assigns it to Sam.
    assert api.patch(f"/api/v1/tickets/{third['id']}", "sam", json={
        "status": "in_progress", "reply": {"body": "Nehme ich"}}).status_code == 200
    return {"first": first["id"], "second": second["id"], "third": third["id"]}


def timelines(api, ids: dict[str, int]) -> dict[str, list[dict]]:
    """Each ticket's timeline (as the admin reads it), without the audit entries' ids
    (an import numbers them anew)."""
    result = {}
    for name, ticket_id in ids.items():
        items = api.get(f"/api/v1/tickets/{ticket_id}/timeline", "admin").json["items"]
        result[name] = [{key: value for key, value in item.items() if key != "id"}
                        for item in items]
    return result


def unread_by_person(api, people) -> dict[str, list[int]]:
    result = {}
    for name in people:
        body = api.get("/api/v1/notifications", name).json
        result[name] = sorted(item["id"] for item in body["tickets"])
    return result


def test_the_package_schema_is_the_contract(app):
    copy = ROOT / "native/backend/helpdesk/archive/archive.schema.json"
    assert json.loads(copy.read_text()) == json.loads(
        (ROOT / "contract/archive.schema.json").read_text())


def test_native_round_trip_keeps_every_record_ids_and_read_state(app, api, client):
    ids = busy_help_desk(api)
    people = ("admin", "support", "user", "sam", "mia")
    unread_before = unread_by_person(api, people)
    assert any(unread_before.values())
    timelines_before = timelines(api, ids)
    assert [event["kind"] for event in timelines_before["third"]] == ["status", "assignee"]
    first = export_bytes(app)
    manifest, records, files = read_archive(first)
    assert manifest["source_edition"] == "native"
    assert {name: len(rows) for name, rows in records.items()} == manifest["counts"]
    assert all(manifest["counts"][name] for name in ("users", "tickets", "comments",
                                                     "changes", "unread", "attachments"))
    fields = [(row["ticket_id"], row["field"], row["new_value"]) for row in records["changes"]]
    assert (ids["first"], "assigned_to", "2") in fields
    assert (ids["first"], "status", "closed") in fields
    assert (ids["second"], "category", "bug") in fields
    assert (ids["third"], "assigned_to", "4") in fields
    assert list(files.values()) == [PNG]

    empty_database(app)
    report = import_bytes(app, first)
    assert report.counts == manifest["counts"]
    assert "Loaded 3 tickets." in report.lines()
    again_manifest, again, again_files = read_archive(export_bytes(app))
    assert again == records
    assert again_files == files
    assert again_manifest["counts"] == manifest["counts"]

    api.tokens.clear()
    assert unread_by_person(api, people) == unread_before
    assert timelines(api, ids) == timelines_before
    detail = api.get(f"/api/v1/tickets/{ids['first']}", "support").json
    assert detail["title"] == "Drucker <b>klemmt</b> & \"piept\""
    # The sequences are past the highest ids: the next ticket is #4, the next account #6.
    assert api.create_ticket(title="After the import")["id"] == 4
    assert api.create_user("newbie")["id"] == 6


def test_other_editions_read_state_is_shown_even_where_native_derives_none(app, api):
    records = small_help_desk()
    # Sam (support, assignee) has read it all in the archive; Anna has one unread ticket,
    # although in Native's terms nothing happened since... (here: marked).
    records["unread"].append({"user_id": 9, "ticket_id": 17})
    empty_database(app)
    report = import_bytes(app, build_archive(records))
    assert report.read_state.unshowable == []
    _manifest, again, _files = read_archive(export_bytes(app))
    assert again["unread"] == records["unread"]
    records["unread"] = [{"user_id": 9, "ticket_id": 17}]
    empty_database(app)
    import_bytes(app, build_archive(records))
    assert read_archive(export_bytes(app))[1]["unread"] == records["unread"]


def test_missing_settings_get_defaults_and_are_named_in_the_report(app):
    empty_database(app)
    report = import_bytes(app, build_archive(small_help_desk()))
    lines = report.lines()
    assert "1 accounts had no language in the archive; they got Native's default (en)." in lines
    assert any("email_notifications" in line for line in lines)
    assert "Replaced the untouched accounts: admin, support, user." in lines


def test_imported_scrypt_hash_logs_in_and_is_rehashed_to_argon2id(app, api, sql):
    empty_database(app)
    import_bytes(app, build_archive(small_help_desk()))
    wrong = api.client.post("/api/v1/auth/token",
                            json={"username": "anna.meier", "password": "wrong-pass"})
    assert wrong.status_code == 401
    assert sql("SELECT password_hash FROM users WHERE id = 7")[0][0].startswith("scrypt$")
    api.token("anna.meier", "Anna-pass-1")
    stored = sql("SELECT password_hash FROM users WHERE id = 7")[0][0]
    assert stored.startswith("$argon2id$")
    with app.app_context():
        assert verify_password(stored, "Anna-pass-1")
    api.tokens.clear()
    api.token("anna.meier", "Anna-pass-1")  # and again, with the new hash
    tickets = api.get("/api/v1/tickets", "anna.meier").json["items"]
    assert [(t["id"], t["unread"]) for t in tickets] == [(17, True)]


def test_scrypt_verification_refuses_malformed_and_too_costly_hashes(app):
    good = scrypt_hash("secret")
    assert verify_scrypt(good, "secret")
    assert not verify_scrypt(good, "Secret")
    for broken in ("scrypt$", "scrypt$x$8$1$AAAA$AAAA", good.rsplit("$", 1)[0] + "$!!!",
                   good.rsplit("$", 1)[0] + "$", good.replace("$4096$", "$1073741824$")):
        assert not verify_scrypt(broken, "secret")
    with app.app_context():
        assert not verify_password("scrypt$1$1$1$AA==$AA==", "secret")


def test_unread_from_wider_rules_shows_to_that_person_only_and_clears_on_open(app, api):
    records = small_help_desk()
    lea = {**records["users"][1], "id": 11, "username": "lea", "email": "lea@example.com",
           "password_hash": scrypt_hash("Lea-pass-1")}
    records["users"].append(lea)
    records["users"][1]["password_hash"] = scrypt_hash("Sam-pass-1")
    # Micro tells every support account of every event; Native only the assignee (Sam).
    records["unread"] = [{"user_id": 7, "ticket_id": 17}, {"user_id": 11, "ticket_id": 17}]
    empty_database(app)
    report = import_bytes(app, build_archive(records))
    assert report.read_state.marked == 1
    api.token("lea", "Lea-pass-1")
    api.token("sam", "Sam-pass-1")
    api.token("anna.meier", "Anna-pass-1")
    assert unread_by_person(api, ("lea", "sam", "anna.meier")) == {
        "lea": [17], "sam": [], "anna.meier": [17]}
    assert api.get("/api/v1/tickets/17", "lea").status_code == 200
    assert unread_by_person(api, ("lea", "anna.meier")) == {"lea": [], "anna.meier": [17]}


def test_a_reporters_mark_on_someone_elses_ticket_is_named_not_shown(app, api):
    records = small_help_desk()
    other = {**records["users"][0], "id": 8, "username": "otto", "email": "otto@example.com"}
    records["users"].insert(1, other)
    records["unread"].append({"user_id": 8, "ticket_id": 17})
    empty_database(app)
    report = import_bytes(app, build_archive(records))
    assert report.read_state.unshowable == [(8, 17)]
    assert "1 unread marks are on tickets their person may not see; Native cannot show them." \
        in report.lines()
    api.token("otto", "Anna-pass-1")
    assert unread_by_person(api, ("otto",)) == {"otto": []}


def test_a_mark_stays_with_its_person_in_the_poll_the_list_and_the_timeline(app, api):
    """The live view on an imported ticket: a mark addressed to Lea shows in her bell, poll
    and unread-only list only; the timeline has the imported changes and no mark; the poll
    watches the imported version and a later reply moves it on."""
    records = small_help_desk()
    lea = {**records["users"][1], "id": 11, "username": "lea", "email": "lea@example.com",
           "password_hash": scrypt_hash("Lea-pass-1")}
    records["users"].append(lea)
    records["users"][1]["password_hash"] = scrypt_hash("Sam-pass-1")
    records["unread"] = [{"user_id": 7, "ticket_id": 17}, {"user_id": 11, "ticket_id": 17}]
    empty_database(app)
    assert import_bytes(app, build_archive(records)).read_state.marked == 1
    for name, password in (("lea", "Lea-pass-1"), ("sam", "Sam-pass-1"),
                           ("anna.meier", "Anna-pass-1")):
        api.token(name, password)

    def unread_list(name: str) -> list[int]:
        return [t["id"] for t in api.get("/api/v1/tickets?unread=true", name).json["items"]]

    def poll(name: str) -> dict:
        return api.get("/api/v1/notifications?ticket=17", name).json

    assert {name: unread_list(name) for name in ("lea", "sam", "anna.meier")} == {
        "lea": [17], "sam": [], "anna.meier": [17]}
    assert {name: poll(name)["count"] for name in ("lea", "sam", "anna.meier")} == {
        "lea": 1, "sam": 0, "anna.meier": 1}
    assert poll("lea")["watched"] == {"id": 17, "version": 1}
    sam = {"id": 9, "username": "sam"}
    imported = [("status", sam, "new", "in_progress"), ("assignee", sam, None, sam)]

    def timeline(name: str) -> list[tuple]:
        items = api.get("/api/v1/tickets/17/timeline", name).json["items"]
        return [(e["kind"], e["actor"], e["before"], e["after"]) for e in items]

    assert timeline("anna.meier") == timeline("lea") == imported
    assert api.patch("/api/v1/tickets/17", "sam", json={
        "status": "resolved", "reply": {"body": "Erledigt"}}).status_code == 200
    assert poll("anna.meier")["watched"] == {"id": 17, "version": 2}
    assert timeline("anna.meier") == [*imported, ("status", sam, "in_progress", "resolved")]
    assert api.get("/api/v1/tickets/17", "lea").status_code == 200  # opening clears her mark
    assert (poll("lea")["count"], unread_list("lea")) == (0, [])
    assert unread_list("anna.meier") == [17]

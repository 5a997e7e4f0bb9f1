from __future__ import annotations

import csv
import io

import pytest

EXPORT = "/api/v1/tickets/export.csv"


def read_csv(response):
    assert response.data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


@pytest.mark.parametrize("payload", ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)",
                                     "\tcmd", "\rcmd"])
def test_formula_cells_are_neutralised(api, payload):
    api.create_ticket(title=payload.strip() or "x", description=payload)
    rows = read_csv(api.get(EXPORT, "user"))
    header, row = rows[0], rows[1]
    assert row[header.index("Description")] == "'" + payload
    title = row[header.index("Title")]
    assert not title.startswith(("=", "+", "-", "@"))


def test_export_has_umlauts_and_only_the_callers_rows_and_no_secrets(api):
    api.create_ticket(title="Drucker in Büro Süd")
    api.create_user("other")
    api.create_ticket("other", title="Someone else's")
    response = api.get(EXPORT, "user")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert [r[1] for r in rows[1:]] == ["Drucker in Büro Süd"]
    assert not any("password" in column for column in rows[0])
    assert len(read_csv(api.get(EXPORT, "support"))) == 3


def test_export_uses_the_list_filters(api):
    api.create_ticket(title="A", category="bug")
    api.create_ticket(title="B", category="feature")
    rows = read_csv(api.get(EXPORT + "?category=feature&q=b", "support"))
    assert [r[1] for r in rows[1:]] == ["B"]
    assert api.get(EXPORT + "?page=2", "support").status_code == 422
    assert api.get(EXPORT).status_code == 401


def test_large_export_is_streamed_completely(api, sql):
    sql("INSERT INTO tickets (title, description, category, priority, status, created_by, "
        "created_at, updated_at, version) SELECT 'Bulk ' || n, '', 'bug', 'low', 'new', 3, "
        "now(), now(), 1 FROM generate_series(1, 1200) AS n")
    response = api.get(EXPORT, "support")
    rows = read_csv(response)
    response.close()
    assert len(rows) == 1201
    assert {row[1] for row in rows[1:]} == {f"Bulk {n}" for n in range(1, 1201)}


def test_german_export_uses_semicolons_words_and_the_readers_local_time(api, sql):
    ticket = api.create_ticket(title="Drucker, Büro", category="support", priority="high")
    sql("UPDATE tickets SET created_at = '2026-12-04 13:05:42.123456+00', "
        "updated_at = '2026-07-01 22:30:01.5+00' WHERE id = :id", id=ticket["id"])
    response = api.get(EXPORT + "?lang=de&tz=Europe/Berlin", "user")
    text = response.data.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header == ("ID;Titel;Kategorie;Priorität;Status;Erstellt von;Zugewiesen an;"
                      "Erstellt;Aktualisiert;Beschreibung")
    cells = next(csv.reader([row], delimiter=";"))
    assert cells[1:9] == ["Drucker, Büro", "Support", "Hoch", "Neu", "user", "",
                          "04.12.2026 14:05", "02.07.2026 00:30"]  # CET in winter, CEST
    assert "." not in cells[7].split(" ")[1]  # no seconds or microseconds


def test_english_export_uses_commas_and_utc_unless_told_a_zone(api, sql):
    ticket = api.create_ticket(title="Printer", category="bug")
    sql("UPDATE tickets SET created_at = '2026-12-04 13:05:42.1+00' WHERE id = :id",
        id=ticket["id"])
    rows = read_csv(api.get(EXPORT + "?lang=en", "user"))
    assert rows[0][:3] == ["ID", "Title", "Category"]
    assert rows[1][2:5] == ["Bug", "Medium", "New"] and rows[1][7] == "2026-12-04 13:05"
    rows = read_csv(api.get(EXPORT + "?tz=America/New_York", "user"))
    assert rows[1][7] == "2026-12-04 08:05"


def test_the_export_follows_the_profiles_language_without_lang(api):
    api.create_ticket(title="Drucker")
    assert api.patch("/api/v1/auth/me", "user", json={"language": "de"}).status_code == 200
    text = api.get(EXPORT, "user").data.decode("utf-8-sig")
    assert text.startswith("ID;Titel;")


@pytest.mark.parametrize("query", ["tz=Mars/Olympus", "tz=../../etc/passwd", "tz=", "lang=fr",
                                   "tz=" + "A" * 65])
def test_a_bad_zone_or_language_is_refused_clearly_and_nothing_is_recorded(api, sql, query):
    before = sql("SELECT count(*) FROM audit_log WHERE action = 'ticket.export'")[0][0]
    response = api.get(f"{EXPORT}?{query}", "user")
    assert response.status_code == 422
    assert set(response.json["fields"]) & {"tz", "lang"}
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'ticket.export'")[0][0] == before

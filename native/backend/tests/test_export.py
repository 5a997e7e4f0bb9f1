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
    assert row[header.index("description")] == "'" + payload
    title = row[header.index("title")]
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

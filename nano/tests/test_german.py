"""German as Germans write it: dates 04.12.2026, weeks "KW 38", `<html lang="de">` (#13.5)."""

from __future__ import annotations


def test_dates_follow_the_language(nano, monkeypatch):
    monkeypatch.setattr(nano, "browser_says", lambda name: "Europe/Berlin")
    monkeypatch.setitem(nano.st.session_state, "lang", "de")
    assert nano.local_time("2026-12-04T08:30:00.000000+00:00") == "04.12.2026 09:30"
    monkeypatch.setitem(nano.st.session_state, "lang", "en")
    assert nano.local_time("2026-12-04T08:30:00.000000+00:00") == "2026-12-04 09:30"


def test_week_labels_read_kw_in_german_and_week_in_english(nano, monkeypatch):
    monkeypatch.setitem(nano.st.session_state, "lang", "de")
    assert nano.week_name((2026, 38)) == "KW 38"
    monkeypatch.setitem(nano.st.session_state, "lang", "en")
    assert nano.week_name((2026, 38)) == "Week 38"


def test_the_page_sets_html_lang_to_its_language(app):
    for lang in ("de", "en"):
        at = app("user", lang=lang)
        scripts = [element.value for element in at.sidebar.html if ".lang = " in element.value]
        assert scripts == [f"<script>document.documentElement.lang = '{lang}';</script>"]


def test_the_german_dashboard_labels_weeks_kw(app):
    at = app("admin", lang="de")
    at.sidebar.radio(key="page").set_value("dashboard").run()
    charts = [node.proto for node in at.main.get("vega_lite_chart")]
    week_chart = str(charts[-1]).encode().decode("unicode_escape", "ignore")
    assert "KW " in week_chart and "Woche" in week_chart and "-W" not in week_chart

"""The few words the server itself writes for people (CSV export, e-mail), in en and de.

The SPA has its own dictionaries; these are the labels a spreadsheet or a mail shows,
where no browser can translate them."""

from __future__ import annotations

from typing import Literal

Language = Literal["en", "de"]
LANGUAGES: tuple[Language, ...] = ("en", "de")

LABELS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "status": {"new": "New", "in_progress": "In progress", "resolved": "Resolved",
                   "closed": "Closed"},
        "priority": {"low": "Low", "medium": "Medium", "high": "High"},
        "category": {"bug": "Bug", "feature": "Feature", "support": "Support"},
    },
    "de": {
        "status": {"new": "Neu", "in_progress": "In Bearbeitung", "resolved": "Erledigt",
                   "closed": "Geschlossen"},
        "priority": {"low": "Niedrig", "medium": "Mittel", "high": "Hoch"},
        "category": {"bug": "Bug", "feature": "Feature", "support": "Support"},
    },
}

CSV_HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("ID", "Title", "Category", "Priority", "Status", "Created by", "Assigned to",
           "Created", "Updated", "Description"),
    "de": ("ID", "Titel", "Kategorie", "Priorität", "Status", "Erstellt von", "Zugewiesen an",
           "Erstellt", "Aktualisiert", "Beschreibung"),
}

# Date and time as people write them: 04.12.2026 14:05 in German, 2026-12-04 14:05 in English.
TIME_FORMATS = {"en": "%Y-%m-%d %H:%M", "de": "%d.%m.%Y %H:%M"}


def language_of(value: object) -> Language:
    return "de" if value == "de" else "en"


def label(language: Language, kind: str, code: str | None) -> str:
    """The label of a stored code (the code itself when it has none)."""
    return LABELS[language][kind].get(code or "", code or "")

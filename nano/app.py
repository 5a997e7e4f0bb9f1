"""Nano: the whole IT-support help desk in one Streamlit file.

Run it with `python nano/app.py` (it launches Streamlit on itself) or with
`streamlit run nano/app.py`. The SQLite database `tickets.db` is created beside this file
on first start, with the demo accounts admin/admin123, support/support123, user/user123.

Sections, top to bottom: configuration, texts (English and German), domain rules,
data (every SQL statement but the archive's), UI (`*_ui()` functions), `main()`, the archive
(`export`/`import`, docs/archive-format.md), the launcher.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import html
import itertools
import json
import logging
import os
import re
import secrets
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, partial
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st
from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from streamlit import runtime

# ───────────────────────────── Configuration ─────────────────────────────

DB_PATH = Path(os.environ.get("NANO_DB_PATH") or Path(__file__).resolve().with_name("tickets.db"))
CREATE_DEMO_ACCOUNTS = os.environ.get("NANO_DEMO_ACCOUNTS", "1") != "0"
# scrypt at OWASP's parameters (N=2^17, r=8, p=1). Tests lower N to stay quick; each stored
# hash carries its own parameters, so a hash made with any N still verifies.
SCRYPT_N = int(os.environ.get("NANO_SCRYPT_N", str(2**17)))
SCRYPT_R, SCRYPT_P = 8, 1
LOCK_AFTER_FAILURES = 5  # failed logins for one account before it is locked
LOCK_AFTER_CLIENT_FAILURES = 30  # failed logins from one client address
LOCK_MINUTES = 15
# How often the notification badge refreshes itself while a page stays open.
BADGE_REFRESH = timedelta(seconds=int(os.environ.get("NANO_BADGE_REFRESH_SECONDS", "10")))
IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=8)
# A reload keeps the person signed in: the browser holds an HttpOnly cookie with a random
# token (signed, hashed in the database, ending with the session's timeouts), which the
# page gets from SESSION_PATH in exchange for a one-time hand-off token right after login.
SESSION_COOKIE = "nano_session"
SESSION_PATH = "/nano/session"
HANDOFF_TIMEOUT = timedelta(minutes=2)
SESSION_TOUCH_EVERY = timedelta(minutes=1)  # how often a session's last use is stored
PAGE_SIZE = 25
SQLITE_MAX_INT = 2**63 - 1  # the largest id SQLite stores; bigger numbers find nothing
MAX_PAGE = 10**8  # a list page beyond any real help desk's tickets (shows an empty page)
COMMENT_PAGE_SIZE = 50  # a thread shows its newest 50 comments; older ones on request
DEFAULT_PORT = 8501
LIGHT_TEXT = "#0e1117"  # the light theme's text; captions are 60 % of it on white: 5:1
LOG = logging.getLogger("nano")
DEMO_ACCOUNTS = (
    ("admin", "admin@example.com", "admin", "admin123"),
    ("support", "support@example.com", "support", "support123"),
    ("user", "user@example.com", "user", "user123"),
)

# ───────────────────────────── Texts ─────────────────────────────

LANGUAGES = {"en": "English", "de": "Deutsch"}

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "app_title": "IT Help Desk",
        "language": "Language / Sprache",
        "username": "Username",
        "password": "Password",
        "log_in": "Log in",
        "log_out": "Log out",
        "login_intro": "Log in to report a problem or follow your tickets.",
        "signed_in_as": "Signed in as {name} ({role})",
        "nav": "Go to",
        "page_tickets": "Tickets",
        "page_new_ticket": "New ticket",
        "page_dashboard": "Dashboard",
        "page_users": "Users",
        "page_account": "My account",
        "unread_none": "🔕 No new activity",
        "unread_some": "🔔 New activity on {count} ticket(s)",
        "unread_marker": "🔵 new activity",
        "unread_only": "Only tickets with new activity.",
        "show_all_tickets": "Show all tickets",
        "appearance": "Appearance",
        "appearance_light": "Light",
        "appearance_dark": "Dark",
        # ticket fields and codes
        "title": "Title",
        "description": "Description",
        "category": "Category",
        "priority": "Priority",
        "status": "Status",
        "assignee": "Assigned to",
        "creator": "Created by",
        "created": "Created",
        "updated": "Updated",
        "role": "Role",
        "email": "E-mail",
        "active": "Active",
        "role_user": "User",
        "role_support": "Support",
        "role_admin": "Administrator",
        "category_bug": "Bug",
        "category_feature": "Feature",
        "category_support": "Support",
        "priority_low": "Low",
        "priority_medium": "Medium",
        "priority_high": "High",
        "status_new": "New",
        "status_in_progress": "In progress",
        "status_resolved": "Resolved",
        "status_closed": "Closed",
        # list
        "filter_all": "All",
        "filters": "Filter and sort",
        "filters_active": " ({count} active)",
        "assignee_mine": "Assigned to me",
        "assignee_none": "Unassigned",
        "search": "Search title, description and comments",
        "sort": "Sort by",
        "sort_updated": "Last updated",
        "sort_created": "Newest",
        "sort_priority": "Priority",
        "no_tickets": "No tickets match these filters.",
        "ticket_count": "{count} ticket(s)",
        "page_of": "Page {page} of {pages}",
        "previous_page": "Previous page",
        "refresh": "Refresh",
        "next_page": "Next page",
        "open_ticket": "Open #{id}",
        "unassigned": "unassigned",
        # new ticket
        "new_ticket_intro": "Describe the problem. Support will answer here.",
        "create_ticket": "Create ticket",
        "ticket_created": "Ticket #{id} was created.",
        # detail
        "back_to_list": "Back to the list",
        "ticket_not_found": "Ticket not found.",
        "thread": "Conversation",
        "no_comments": "No replies yet.",
        "thread_range": "Comments {first}–{last} of {total} (oldest first)",
        "older_comments": "Show older comments",
        "newer_comments": "Show newer comments",
        "internal_note": "Internal note",
        "internal_hint": "Internal note (only support and administrators see it)",
        "reply": "Reply",
        "your_comment": "Your comment",
        "send_comment": "Send comment",
        "set_status": "Set status",
        "keep_status": "Keep: {status}",
        "send_reply": "Send reply / save changes",
        "reply_sent": "Saved.",
        "nothing_to_send": "Write a reply or change the status, priority, category or "
        "assignee.",
        "work_ticket": "Reply and change the ticket",
        "change_line": "{field}: {old} → {new}",
        "resolved_question": "Support marked this ticket as resolved. Is the problem solved?",
        "confirm_fix": "Yes, it works: close the ticket",
        "still_broken": "No, it is still broken: reopen",
        "ticket_closed": "Thank you! The ticket is closed.",
        "ticket_reopened": "The ticket is back in progress.",
        "delete_ticket": "Delete ticket",
        "confirm_delete": "Delete ticket #{id} and all its comments for good?",
        "delete_permanently": "Yes, delete permanently",
        "cancel": "Cancel",
        "ticket_deleted": "Ticket #{id} was deleted.",
        "meta_line": "{status} · {priority} · {category} · by {creator} · updated {updated}",
        "detail_meta": "Created by {creator} on {created} · assigned to {assignee} · "
        "last updated {updated} by {updater}",
        # dashboard
        "dashboard_intro": "All tickets at a glance.",
        "open_tickets": "Open tickets",
        "all_tickets": "All tickets",
        "median_resolution": "Median time to resolution",
        "hours": "{value} h",
        "no_data": "n/a",
        "by_status": "Tickets by status",
        "by_priority": "Tickets by priority",
        "by_category": "Tickets by category",
        "per_week": "Opened and resolved per week",
        "week": "Week",
        "week_label": "Week {week}",
        "datetime_format": "%Y-%m-%d %H:%M",
        "count": "Tickets",
        "opened": "Opened",
        "resolved": "Resolved",
        # users
        "users_intro": "Create accounts, change roles, reset passwords.",
        "create_user": "Create account",
        "initial_password": "Initial password",
        "user_created": "User {name} was created.",
        "manage_user": "Manage user",
        "account": "Account",
        "change_role": "Change role",
        "role_changed": "Role changed.",
        "new_password": "New password",
        "reset_password": "Reset password",
        "password_reset": "Password reset.",
        "deactivate": "Deactivate account",
        "reactivate": "Reactivate account",
        "deactivated": "Account deactivated.",
        "reactivated": "Account reactivated.",
        "delete_user": "Delete account",
        "user_deleted": "Account deleted.",
        "yes": "yes",
        "no": "no",
        "tickets": "Tickets",
        "default_password_warning": "These accounts still use their documented default "
        "password: {names}. Change them now.",
        # account
        "change_password": "Change password",
        "current_password": "Current password",
        "repeat_password": "Repeat new password",
        "password_changed": "Your password was changed. Your other sessions were signed out.",
        # first start without demo accounts
        "setup_intro": "No account exists yet. Create the first administrator.",
        "create_admin": "Create administrator",
        # errors
        "error_required": "This field is required.",
        "error_too_long": "At most {max} characters (you entered {length}).",
        "error_unknown_code": "Unknown value: choose one from the list.",
        "error_transition": "A ticket cannot go from {old} to {new}.",
        "error_not_allowed": "You are not allowed to do that.",
        "error_login_failed": "Wrong username or password.",
        "error_locked": "Too many failed attempts. Login is locked for {minutes} minute(s).",
        "error_inactive": "This account is deactivated. Ask an administrator.",
        "error_password_short": "At least 8 characters.",
        "error_password_username": "The password must differ from the username.",
        "error_password_mismatch": "The two new passwords differ.",
        "error_password_wrong": "The current password is wrong.",
        "error_username": "3 to 64 characters: letters, digits and . _ @ -",
        "error_username_taken": "This username is taken.",
        "error_email": "Enter a valid e-mail address.",
        "error_last_admin": "The last active administrator must stay an active administrator.",
        "error_user_in_use": "This account has tickets or comments: deactivate it instead.",
        "error_self": "You cannot do this to your own account.",
        "error_assignee": "Only active support staff or administrators can be assigned.",
        "error_database": "The database is busy. Please try again in a moment.",
        "error_database_down": "The database cannot be used right now. Please try again "
        "later; IT finds the details in the server log.",
        "session_expired": "Your session expired. Please log in again.",
        "session_ended": "You were signed out: the password of this account was changed, "
        "the account was deactivated, or it logged out elsewhere. Please log in again.",
    },
    "de": {
        "app_title": "IT-Helpdesk",
        "language": "Language / Sprache",
        "username": "Benutzername",
        "password": "Passwort",
        "log_in": "Anmelden",
        "log_out": "Abmelden",
        "login_intro": "Melden Sie sich an, um ein Problem zu melden oder Ihre Tickets zu sehen.",
        "signed_in_as": "Angemeldet als {name} ({role})",
        "nav": "Gehe zu",
        "page_tickets": "Tickets",
        "page_new_ticket": "Neues Ticket",
        "page_dashboard": "Dashboard",
        "page_users": "Benutzer",
        "page_account": "Mein Konto",
        "unread_none": "🔕 Keine neuen Aktivitäten",
        "unread_some": "🔔 Neue Aktivität bei {count} Ticket(s)",
        "unread_marker": "🔵 neue Aktivität",
        "unread_only": "Nur Tickets mit neuer Aktivität.",
        "show_all_tickets": "Alle Tickets zeigen",
        "appearance": "Darstellung",
        "appearance_light": "Hell",
        "appearance_dark": "Dunkel",
        "title": "Titel",
        "description": "Beschreibung",
        "category": "Kategorie",
        "priority": "Priorität",
        "status": "Status",
        "assignee": "Zugewiesen an",
        "creator": "Erstellt von",
        "created": "Erstellt",
        "updated": "Aktualisiert",
        "role": "Rolle",
        "email": "E-Mail",
        "active": "Aktiv",
        "role_user": "Anwender",
        "role_support": "Support",
        "role_admin": "Administrator",
        "category_bug": "Bug",
        "category_feature": "Feature",
        "category_support": "Support",
        "priority_low": "Niedrig",
        "priority_medium": "Mittel",
        "priority_high": "Hoch",
        "status_new": "Neu",
        "status_in_progress": "In Bearbeitung",
        "status_resolved": "Erledigt",
        "status_closed": "Geschlossen",
        "filter_all": "Alle",
        "filters": "Filtern und sortieren",
        "filters_active": " ({count} aktiv)",
        "assignee_mine": "Mir zugewiesen",
        "assignee_none": "Nicht zugewiesen",
        "search": "Titel, Beschreibung und Kommentare durchsuchen",
        "sort": "Sortieren nach",
        "sort_updated": "Zuletzt aktualisiert",
        "sort_created": "Neueste",
        "sort_priority": "Priorität",
        "no_tickets": "Keine Tickets passen zu diesen Filtern.",
        "ticket_count": "{count} Ticket(s)",
        "page_of": "Seite {page} von {pages}",
        "previous_page": "Vorherige Seite",
        "refresh": "Aktualisieren",
        "next_page": "Nächste Seite",
        "open_ticket": "#{id} öffnen",
        "unassigned": "niemandem zugewiesen",
        "new_ticket_intro": "Beschreiben Sie das Problem. Der Support antwortet hier.",
        "create_ticket": "Ticket erstellen",
        "ticket_created": "Ticket #{id} wurde erstellt.",
        "back_to_list": "Zurück zur Liste",
        "ticket_not_found": "Ticket nicht gefunden.",
        "thread": "Verlauf",
        "no_comments": "Noch keine Antworten.",
        "thread_range": "Kommentare {first}–{last} von {total} (älteste zuerst)",
        "older_comments": "Ältere Kommentare zeigen",
        "newer_comments": "Neuere Kommentare zeigen",
        "internal_note": "Interne Notiz",
        "internal_hint": "Interne Notiz (nur Support und Administratoren sehen sie)",
        "reply": "Antwort",
        "your_comment": "Ihr Kommentar",
        "send_comment": "Kommentar senden",
        "set_status": "Status setzen",
        "keep_status": "Beibehalten: {status}",
        "send_reply": "Antwort senden / Änderungen speichern",
        "reply_sent": "Gespeichert.",
        "nothing_to_send": "Schreiben Sie eine Antwort oder ändern Sie Status, Priorität, "
        "Kategorie oder Zuweisung.",
        "work_ticket": "Antworten und Ticket ändern",
        "change_line": "{field}: {old} → {new}",
        "resolved_question": "Der Support hat das Ticket als erledigt markiert. "
        "Ist das Problem gelöst?",
        "confirm_fix": "Ja, es funktioniert: Ticket schließen",
        "still_broken": "Nein, es geht noch nicht: wieder öffnen",
        "ticket_closed": "Danke! Das Ticket ist geschlossen.",
        "ticket_reopened": "Das Ticket ist wieder in Bearbeitung.",
        "delete_ticket": "Ticket löschen",
        "confirm_delete": "Ticket #{id} mit allen Kommentaren endgültig löschen?",
        "delete_permanently": "Ja, endgültig löschen",
        "cancel": "Abbrechen",
        "ticket_deleted": "Ticket #{id} wurde gelöscht.",
        "meta_line": "{status} · {priority} · {category} · von {creator} · "
        "aktualisiert {updated}",
        "detail_meta": "Erstellt von {creator} am {created} · zugewiesen an {assignee} · "
        "zuletzt aktualisiert {updated} von {updater}",
        "dashboard_intro": "Alle Tickets auf einen Blick.",
        "open_tickets": "Offene Tickets",
        "all_tickets": "Alle Tickets",
        "median_resolution": "Mittlere Lösungszeit (Median)",
        "hours": "{value} Std.",
        "no_data": "k. A.",
        "by_status": "Tickets nach Status",
        "by_priority": "Tickets nach Priorität",
        "by_category": "Tickets nach Kategorie",
        "per_week": "Eröffnet und erledigt pro Woche",
        "week": "Woche",
        "week_label": "KW {week}",
        "datetime_format": "%d.%m.%Y %H:%M",
        "count": "Tickets",
        "opened": "Eröffnet",
        "resolved": "Erledigt",
        "users_intro": "Konten anlegen, Rollen ändern, Passwörter zurücksetzen.",
        "create_user": "Konto anlegen",
        "initial_password": "Anfangspasswort",
        "user_created": "Benutzer {name} wurde angelegt.",
        "manage_user": "Benutzer verwalten",
        "account": "Konto",
        "change_role": "Rolle ändern",
        "role_changed": "Rolle geändert.",
        "new_password": "Neues Passwort",
        "reset_password": "Passwort zurücksetzen",
        "password_reset": "Passwort zurückgesetzt.",
        "deactivate": "Konto deaktivieren",
        "reactivate": "Konto reaktivieren",
        "deactivated": "Konto deaktiviert.",
        "reactivated": "Konto reaktiviert.",
        "delete_user": "Konto löschen",
        "user_deleted": "Konto gelöscht.",
        "yes": "ja",
        "no": "nein",
        "tickets": "Tickets",
        "default_password_warning": "Diese Konten nutzen noch ihr dokumentiertes "
        "Standardpasswort: {names}. Ändern Sie es jetzt.",
        "change_password": "Passwort ändern",
        "current_password": "Aktuelles Passwort",
        "repeat_password": "Neues Passwort wiederholen",
        "password_changed": "Ihr Passwort wurde geändert. Ihre anderen Sitzungen wurden "
        "abgemeldet.",
        "setup_intro": "Es gibt noch kein Konto. Legen Sie den ersten Administrator an.",
        "create_admin": "Administrator anlegen",
        "error_required": "Dieses Feld ist erforderlich.",
        "error_too_long": "Höchstens {max} Zeichen (eingegeben: {length}).",
        "error_unknown_code": "Unbekannter Wert: bitte aus der Liste wählen.",
        "error_transition": "Ein Ticket kann nicht von {old} zu {new} wechseln.",
        "error_not_allowed": "Das dürfen Sie nicht.",
        "error_login_failed": "Benutzername oder Passwort falsch.",
        "error_locked": "Zu viele Fehlversuche. Die Anmeldung ist für {minutes} Minute(n) "
        "gesperrt.",
        "error_inactive": "Dieses Konto ist deaktiviert. Wenden Sie sich an einen Administrator.",
        "error_password_short": "Mindestens 8 Zeichen.",
        "error_password_username": "Das Passwort muss sich vom Benutzernamen unterscheiden.",
        "error_password_mismatch": "Die beiden neuen Passwörter stimmen nicht überein.",
        "error_password_wrong": "Das aktuelle Passwort ist falsch.",
        "error_username": "3 bis 64 Zeichen: Buchstaben, Ziffern und . _ @ -",
        "error_username_taken": "Dieser Benutzername ist vergeben.",
        "error_email": "Bitte eine gültige E-Mail-Adresse eingeben.",
        "error_last_admin": "Der letzte aktive Administrator muss aktiver Administrator bleiben.",
        "error_user_in_use": "Dieses Konto hat Tickets oder Kommentare: bitte deaktivieren.",
        "error_self": "Das ist mit dem eigenen Konto nicht möglich.",
        "error_assignee": "Nur aktive Support-Mitarbeiter oder Administratoren sind zuweisbar.",
        "error_database": "Die Datenbank ist gerade belegt. Bitte gleich noch einmal versuchen.",
        "error_database_down": "Die Datenbank ist gerade nicht nutzbar. Bitte später erneut "
        "versuchen; die IT findet die Einzelheiten im Server-Log.",
        "session_expired": "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
        "session_ended": "Sie wurden abgemeldet: Das Passwort dieses Kontos wurde geändert, "
        "das Konto wurde deaktiviert oder anderswo abgemeldet. Bitte melden Sie sich erneut an.",
    },
}


def t(key: str, **params: object) -> str:
    """The text `key` in the session's language, with `params` filled in."""
    language = st.session_state.get("lang", "en")
    return TEXTS.get(language, TEXTS["en"])[key].format(**params)


def label(kind: str, code: str | None) -> str:
    """The translated label of a stored code, e.g. label("status", "new") -> "New"."""
    return t(f"{kind}_{code}")


# ───────────────────────────── Domain rules ─────────────────────────────
# Pure: no SQL, no Streamlit. The codes, the workflow, who may do what, validation.

ROLES = ("user", "support", "admin")
CATEGORIES = ("bug", "feature", "support")
PRIORITIES = ("low", "medium", "high")
STATUSES = ("new", "in_progress", "resolved", "closed")
STAFF_ROLES = ("support", "admin")
TITLE_MAX = 200
TEXT_MAX = 20_000
PASSWORD_MIN = 8
PASSWORD_MAX = 256
EMAIL_MAX = 254
STAFF_TRANSITIONS = {
    ("new", "in_progress"),
    ("in_progress", "resolved"),
    ("resolved", "closed"),
    ("resolved", "in_progress"),
    ("closed", "in_progress"),
}
CREATOR_TRANSITIONS = {("resolved", "closed"), ("resolved", "in_progress")}
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9._@-]{3,64}")
EMAIL_PATTERN = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+")


class RuleError(Exception):
    """A rule refused an action. `key` names the message text, `field` the input at fault."""

    def __init__(self, key: str, field: str | None = None, **params: object) -> None:
        super().__init__(key)
        self.key, self.field, self.params = key, field, params


class FormErrors(Exception):
    """Several fields of one form are invalid: {field: RuleError}."""

    def __init__(self, errors: dict[str, RuleError]) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Actor:
    id: int
    username: str
    role: str
    # The account's session version when this actor was loaded: a session is valid while
    # the stored version still matches (a password change, deactivation or logout bumps it).
    session_version: int = 0

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


def can(actor: Actor, action: str, ticket: dict | None = None) -> bool:
    """The one authorization rule. Every list, detail and write asks it.

    Users see and comment on their own tickets only; support and admin see and work all
    tickets; only admins manage users and delete tickets. The actions are the product
    contract's (contract/product.toml); an unknown one is a programming error.
    """
    staff, admin = actor.is_staff, actor.role == "admin"
    own = ticket is not None and ticket["created_by"] == actor.id
    rules = {
        "create_ticket": True,
        "view_all_tickets": staff,
        "view_ticket": staff or own,
        "comment": staff or own,
        "view_internal": staff,
        "write_internal": staff,
        "triage_ticket": staff,  # category, priority, assignee
        "delete_ticket": admin,
        "view_dashboard": staff,
        "manage_users": admin,
    }
    if action not in rules:
        raise ValueError(f"unknown action {action!r}")
    return rules[action]


def next_statuses(actor: Actor, ticket: dict) -> list[str]:
    """The statuses this actor may move this ticket to, in workflow order."""
    allowed: set[tuple[str, str]] = set()
    if actor.is_staff:
        allowed |= STAFF_TRANSITIONS
    if ticket["created_by"] == actor.id:
        allowed |= CREATOR_TRANSITIONS
    return [new for new in STATUSES if (ticket["status"], new) in allowed]


def check_transition(actor: Actor, ticket: dict, new_status: str) -> None:
    check_code(new_status, STATUSES, "status")
    if new_status not in next_statuses(actor, ticket):
        raise RuleError("error_transition", "status", old=ticket["status"], new=new_status)


def check_code(value: str, allowed: tuple[str, ...], field: str) -> str:
    if value not in allowed:
        raise RuleError("error_unknown_code", field)
    return value


def clean_text(value: str | None, field: str, *, maximum: int, required: bool) -> str:
    """Trimmed text, or RuleError when empty (and required) or longer than `maximum`."""
    text = (value or "").strip()
    if required and not text:
        raise RuleError("error_required", field)
    if len(text) > maximum:
        raise RuleError("error_too_long", field, max=maximum, length=len(text))
    return text


def clean_ticket(title: str, description: str, category: str, priority: str) -> dict:
    """The validated fields of a new ticket, or FormErrors naming every bad field."""
    checks = {
        "title": lambda: clean_text(title, "title", maximum=TITLE_MAX, required=True),
        "description": lambda: clean_text(
            description, "description", maximum=TEXT_MAX, required=False
        ),
        "category": lambda: check_code(category, CATEGORIES, "category"),
        "priority": lambda: check_code(priority, PRIORITIES, "priority"),
    }
    cleaned, errors = {}, {}
    for field, check in checks.items():
        try:
            cleaned[field] = check()
        except RuleError as error:
            errors[field] = error
    if errors:
        raise FormErrors(errors)
    return cleaned


def check_password(password: str, username: str, field: str = "password") -> None:
    if len(password) < PASSWORD_MIN:
        raise RuleError("error_password_short", field)
    if len(password) > PASSWORD_MAX:
        raise RuleError("error_too_long", field, max=PASSWORD_MAX, length=len(password))
    if password.strip().lower() == username.strip().lower():
        raise RuleError("error_password_username", field)


def clean_username(username: str) -> str:
    name = (username or "").strip()
    if not USERNAME_PATTERN.fullmatch(name):
        raise RuleError("error_username", "username")
    return name


def clean_email(email: str) -> str:
    address = (email or "").strip()
    if not EMAIL_PATTERN.fullmatch(address) or len(address) > EMAIL_MAX:
        raise RuleError("error_email", "email")
    return address


def hash_password(password: str, *, n: int | None = None) -> str:
    """scrypt, stored as scrypt$N$r$p$salt$hash so each hash carries its own cost."""
    n = n or SCRYPT_N
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, n, SCRYPT_R, SCRYPT_P)
    encoded = (base64.b64encode(part).decode() for part in (salt, digest))
    return "$".join(["scrypt", str(n), str(SCRYPT_R), str(SCRYPT_P), *encoded])


def verify_password(password: str, stored: str) -> bool:
    """scrypt (Nano's own), or argon2id from an archive of Micro or Native (see
    needs_rehash: the next successful log-in stores it again as scrypt)."""
    if stored.startswith("$argon2id$"):
        try:  # at most 1 GiB, whatever an imported hash asks for
            if extract_parameters(stored).memory_cost > 1024 * 1024:
                return False
            return PasswordHasher().verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return scheme == "scrypt" and hmac.compare_digest(actual, expected)


def needs_rehash(stored: str) -> bool:
    """A hash in another edition's scheme, replaced by scrypt at the next log-in."""
    return not stored.startswith("scrypt$")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # scrypt needs 128·N·r bytes; OpenSSL's default limit of 32 MiB is too small for N=2^17.
    maxmem = 128 * n * r * 2 + 1024 * 1024
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=maxmem, dklen=32)


# How a line holding user text is shown: HTML-escaped inside one fixed element (for
# st.html), never as Markdown, which links every `www.…` and `https://…` even when each
# character is escaped.
PLAIN_ELEMENTS = {
    "heading": '<h2 style="margin: 0; padding: 0.75rem 0 1rem; font-weight: 600; '
    'font-size: clamp(1.5rem, 6vw, 2.25rem); line-height: 1.2; overflow-wrap: anywhere">'
    "{}</h2>",
    "headline": '<p style="margin: 0; font-weight: 600; overflow-wrap: anywhere">{}</p>',
    "caption": '<p style="margin: 0; font-size: 0.875rem; opacity: 0.7; '
    'overflow-wrap: anywhere">{}</p>',
}


def plain_html(kind: str, text: str) -> str:
    """`text` as the content of a fixed element, every HTML character escaped:
    `<img …>`, `[x](javascript:alert(1))` and `www.evil.example` all show literally."""
    return PLAIN_ELEMENTS[kind].format(html.escape(text))


def md_code(name: str) -> str:
    """A user name inside a Markdown message, as a code span: Markdown links no URL in
    code. (User names never hold a backtick: USERNAME_PATTERN.)"""
    return f"`{name}`"


def now_utc() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


# ───────────────────────────── Data ─────────────────────────────
# Every SQL statement of Nano lives in this section. Values are always parameters; the
# only text joined into SQL are fixed fragments chosen from the allow-lists below.

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user', 'support', 'admin')),
    password_hash TEXT NOT NULL,
    default_password INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    session_version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS tickets (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL CHECK (category IN ('bug', 'feature', 'support')),
    priority TEXT NOT NULL CHECK (priority IN ('low', 'medium', 'high')),
    status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'resolved', 'closed')),
    created_by INTEGER NOT NULL REFERENCES users(id),
    assigned_to INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_updated_by INTEGER REFERENCES users(id),
    resolved_at TEXT
);
CREATE INDEX IF NOT EXISTS tickets_by_updated ON tickets (updated_at);
CREATE INDEX IF NOT EXISTS tickets_by_created ON tickets (created_at);
CREATE INDEX IF NOT EXISTS tickets_by_status ON tickets (status, updated_at);
CREATE INDEX IF NOT EXISTS tickets_by_priority ON tickets (priority, updated_at);
CREATE INDEX IF NOT EXISTS tickets_by_category ON tickets (category, updated_at);
CREATE INDEX IF NOT EXISTS tickets_by_assignee ON tickets (assigned_to, updated_at);
CREATE INDEX IF NOT EXISTS tickets_by_creator ON tickets (created_by, updated_at);
CREATE TABLE IF NOT EXISTS comments (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    internal INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_by_ticket ON comments (ticket_id, id);
CREATE INDEX IF NOT EXISTS comments_by_author ON comments (author_id);
-- What the notification badge counts: who did what to which ticket, and when.
CREATE TABLE IF NOT EXISTS activity (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    actor_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('created', 'comment', 'status')),
    internal INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS activity_by_ticket ON activity (ticket_id, id);
CREATE TABLE IF NOT EXISTS ticket_reads (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    last_seen_activity INTEGER NOT NULL,
    PRIMARY KEY (user_id, ticket_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS login_failures (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    locked_until TEXT
);
-- The change history, as in Micro: one row per changed field (status, priority, category,
-- assigned_to; an assignee as the account id in decimal), oldest first.
CREATE TABLE IF NOT EXISTS ticket_changes (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    actor_id INTEGER NOT NULL REFERENCES users(id),
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_by_ticket ON ticket_changes (ticket_id, id);
-- The key that signs session cookies: random, made on first start, never in the repo.
CREATE TABLE IF NOT EXISTS secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- Browser sessions: a hand-off token first (for a minute after login), then the cookie's
-- token; only SHA-256 hashes are stored. Valid while the account's session version
-- still matches; logout and password changes delete the rows.
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('handoff', 'cookie')),
    session_version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    lang TEXT  -- the language picked in this browser, which a reload keeps
);
CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id);
"""

CHANGE_FIELDS = ("status", "priority", "category", "assigned_to")
SORTS = {
    "updated": "t.updated_at DESC, t.id DESC",
    "created": "t.created_at DESC, t.id DESC",
    "priority": "CASE t.priority WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END DESC, "
    "t.updated_at DESC, t.id DESC",
}
TICKET_COLUMNS = (
    "t.*, creator.username AS creator_name, assignee.username AS assignee_name, "
    "updater.username AS updater_name"
)
TICKET_JOINS = (
    "FROM tickets t JOIN users creator ON creator.id = t.created_by "
    "LEFT JOIN users assignee ON assignee.id = t.assigned_to "
    "LEFT JOIN users updater ON updater.id = t.last_updated_by"
)
# Activity by someone else that this reader has not seen yet. Users are told about
# visible comments and status changes on their own tickets; staff about everything.
UNREAD_ACTIVITY = (
    "FROM activity a JOIN tickets t ON t.id = a.ticket_id "
    "LEFT JOIN ticket_reads r ON r.ticket_id = a.ticket_id AND r.user_id = :me "
    "WHERE a.actor_id != :me AND a.id > COALESCE(r.last_seen_activity, 0) "
    "AND a.created_at >= (SELECT created_at FROM users WHERE id = :me) "
    "AND (:staff OR (t.created_by = :me AND a.internal = 0 AND a.kind != 'created'))"
)


@contextmanager
def connect(path: Path | None = None) -> Iterator[sqlite3.Connection]:
    """A short-lived connection. Writers call `write(db)` first: one transaction per action."""
    db = sqlite3.connect(path or DB_PATH, timeout=10, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    try:
        yield db
        if db.in_transaction:
            db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.close()


def write(db: sqlite3.Connection) -> None:
    """Start the write transaction now, so concurrent writers queue instead of failing."""
    db.execute("BEGIN IMMEDIATE")


# Columns added after a release: (table, column, definition). A tickets.db made by an older
# Nano gets them on start, so users keep their data when they upgrade.
ADDED_COLUMNS = (("users", "session_version", "INTEGER NOT NULL DEFAULT 0"),)


def init_db(path: Path) -> None:
    """Create the schema (and, unless switched off, the demo accounts) on first start, and
    bring an older database up to date."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with connect(path) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.executescript(SCHEMA)
        write(db)
        add_missing_columns(db)
        db.execute("INSERT OR IGNORE INTO secrets (name, value) VALUES ('session_key', ?)",
                   (secrets.token_hex(32),))
        has_users = db.execute("SELECT 1 FROM users LIMIT 1").fetchone()
        if not has_users and CREATE_DEMO_ACCOUNTS:
            for username, email, role, password in DEMO_ACCOUNTS:
                insert_user(db, username, email, role, hash_password(password), default=True)


def add_missing_columns(db: sqlite3.Connection) -> None:
    for table, column, definition in ADDED_COLUMNS:  # fixed names from the tuple above
        present = {row["name"] for row in db.execute(f"PRAGMA table_info({table})")}
        if column not in present:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")


def insert_user(
    db: sqlite3.Connection, username: str, email: str, role: str, password_hash: str,
    *, default: bool = False,
) -> int:
    cursor = db.execute(
        "INSERT INTO users (username, email, role, password_hash, default_password, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (username, email, role, password_hash, int(default), iso(now_utc())),
    )
    return int(cursor.lastrowid)


def count_users(db: sqlite3.Connection) -> int:
    return db.execute("SELECT COUNT(*) FROM users").fetchone()[0]


def get_user(db: sqlite3.Connection, user_id: int) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()


def find_user(db: sqlite3.Connection, username: str) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM users WHERE username = ?", (username.strip(),)).fetchone()


def list_users(db: sqlite3.Connection) -> list[sqlite3.Row]:
    return db.execute(
        "SELECT u.*, (SELECT COUNT(*) FROM tickets WHERE created_by = u.id) AS ticket_count "
        "FROM users u ORDER BY u.username"
    ).fetchall()


def user_names(db: sqlite3.Connection) -> dict[int, str]:
    return dict(db.execute("SELECT id, username FROM users ORDER BY username").fetchall())


def staff_members(db: sqlite3.Connection) -> list[sqlite3.Row]:
    return db.execute(
        "SELECT id, username FROM users WHERE role IN ('support', 'admin') AND active = 1 "
        "ORDER BY username"
    ).fetchall()


def default_password_accounts(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT username FROM users WHERE default_password = 1 AND active = 1 ORDER BY username"
    )
    return [row["username"] for row in rows]


def other_active_admins(db: sqlite3.Connection, user_id: int) -> int:
    return db.execute(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1 AND id != ?", (user_id,)
    ).fetchone()[0]


def user_has_history(db: sqlite3.Connection, user_id: int) -> bool:
    row = db.execute(
        "SELECT EXISTS (SELECT 1 FROM tickets WHERE created_by = :id OR assigned_to = :id "
        "OR last_updated_by = :id) OR EXISTS (SELECT 1 FROM comments WHERE author_id = :id)",
        {"id": user_id},
    ).fetchone()
    return bool(row[0])


def set_user_fields(db: sqlite3.Connection, user_id: int, **fields: object) -> None:
    allowed = {"role", "password_hash", "default_password", "active"}
    assert set(fields) <= allowed, fields  # column names come from this allow-list only
    assignments = ", ".join(f"{column} = :{column}" for column in fields)
    db.execute("UPDATE users SET " + assignments + " WHERE id = :id",  # noqa: S608
               {**fields, "id": user_id})


def end_sessions(db: sqlite3.Connection, user_id: int, keep: int | None = None) -> int:
    """Bump the account's session version, which ends every session holding the old one,
    and delete their browser sessions but `keep`; returns the new version."""
    db.execute("UPDATE users SET session_version = session_version + 1 WHERE id = ?",
               (user_id,))
    version = db.execute("SELECT session_version FROM users WHERE id = ?",
                         (user_id,)).fetchone()[0]
    db.execute("UPDATE sessions SET session_version = ? WHERE id = ? AND user_id = ?",
               (version, keep, user_id))
    db.execute("DELETE FROM sessions WHERE user_id = ? AND session_version != ?",
               (user_id, version))
    return version


def session_key(db: sqlite3.Connection) -> bytes:
    return bytes.fromhex(db.execute(
        "SELECT value FROM secrets WHERE name = 'session_key'").fetchone()[0])


def insert_session(db: sqlite3.Connection, user_id: int, version: int, token_hash: str,
                   expires_at: str, lang: str | None) -> int:
    now = iso(now_utc())
    cursor = db.execute(
        "INSERT INTO sessions (user_id, token_hash, kind, session_version, created_at, "
        "seen_at, expires_at, lang) VALUES (?, ?, 'handoff', ?, ?, ?, ?, ?)",
        (user_id, token_hash, version, now, now, expires_at, lang),
    )
    return int(cursor.lastrowid)


def set_session_lang(db: sqlite3.Connection, session_id: int, lang: str) -> None:
    db.execute("UPDATE sessions SET lang = ? WHERE id = ?", (lang, session_id))


def find_session(db: sqlite3.Connection, token_hash: str, kind: str) -> sqlite3.Row | None:
    return db.execute(
        "SELECT s.*, u.active, u.session_version AS user_version FROM sessions s "
        "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.kind = ?",
        (token_hash, kind),
    ).fetchone()


def get_session(db: sqlite3.Connection, session_id: int) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()


def set_session_token(db: sqlite3.Connection, session_id: int, token_hash: str,
                      expires_at: str) -> None:
    db.execute("UPDATE sessions SET token_hash = ?, kind = 'cookie', expires_at = ? "
               "WHERE id = ?", (token_hash, expires_at, session_id))


def touch_session(db: sqlite3.Connection, session_id: int, seen_at: str) -> None:
    db.execute("UPDATE sessions SET seen_at = ? WHERE id = ?", (seen_at, session_id))


def delete_session(db: sqlite3.Connection, session_id: int) -> None:
    db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))


def delete_user_row(db: sqlite3.Connection, user_id: int) -> None:
    db.execute("DELETE FROM users WHERE id = ?", (user_id,))


def login_lock(db: sqlite3.Connection, key: str) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM login_failures WHERE key = ?", (key,)).fetchone()


def record_login_failure(db: sqlite3.Connection, key: str, limit: int) -> bool:
    """Count one failure for `key`; lock it once `limit` is reached. True when now locked."""
    row = login_lock(db, key)
    failures = (row["failures"] if row else 0) + 1
    locked_until = iso(now_utc() + timedelta(minutes=LOCK_MINUTES)) if failures >= limit else None
    db.execute(
        "INSERT INTO login_failures (key, failures, locked_until) VALUES (?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
        "locked_until = excluded.locked_until",
        (key, 0 if locked_until else failures, locked_until),
    )
    return locked_until is not None


def clear_login_failures(db: sqlite3.Connection, key: str) -> None:
    db.execute("DELETE FROM login_failures WHERE key = ?", (key,))


def insert_ticket(db: sqlite3.Connection, fields: dict, creator_id: int) -> int:
    stamp = iso(now_utc())
    cursor = db.execute(
        "INSERT INTO tickets (title, description, category, priority, status, created_by, "
        "created_at, updated_at, last_updated_by) VALUES (?, ?, ?, ?, 'new', ?, ?, ?, ?)",
        (fields["title"], fields["description"], fields["category"], fields["priority"],
         creator_id, stamp, stamp, creator_id),
    )
    ticket_id = int(cursor.lastrowid)
    insert_activity(db, ticket_id, creator_id, "created")
    return ticket_id


def get_ticket(db: sqlite3.Connection, ticket_id: int) -> dict | None:
    row = db.execute(
        "SELECT " + TICKET_COLUMNS + " " + TICKET_JOINS + " WHERE t.id = ?", (ticket_id,)
    ).fetchone()
    return dict(row) if row else None


@dataclass(frozen=True)
class TicketFilter:
    status: str = ""
    priority: str = ""
    category: str = ""
    assignee: str = ""  # "", "me", "none" or a user id as text
    creator: int | None = None
    search: str = ""
    sort: str = "updated"
    unread_only: bool = False  # only tickets with activity the actor has not seen


def stored_id(text: str) -> int:
    """An id as SQLite can compare it: ASCII digits within its 64-bit range, else 0 (no
    row has it, so the filter finds nothing instead of failing)."""
    if text.isascii() and text.isdigit() and int(text) <= SQLITE_MAX_INT:
        return int(text)
    return 0


def filter_clause(actor: Actor, wanted: TicketFilter) -> tuple[str, dict]:
    """WHERE clause and parameters for a ticket list, the actor's visibility rule first."""
    conditions, params = ["1 = 1"], {"me": actor.id}
    if not can(actor, "view_all_tickets"):
        conditions.append("t.created_by = :me")
    for column, value in (("status", wanted.status), ("priority", wanted.priority),
                          ("category", wanted.category)):
        if value:
            conditions.append(f"t.{column} = :{column}")
            params[column] = value
    if wanted.assignee == "me":
        conditions.append("t.assigned_to = :me")
    elif wanted.assignee == "none":
        conditions.append("t.assigned_to IS NULL")
    elif wanted.assignee:  # an id: ASCII digits only ("²".isdigit() is True, int() fails)
        conditions.append("t.assigned_to = :assignee")
        params["assignee"] = stored_id(wanted.assignee)
    if wanted.unread_only:
        conditions.append("t.id IN (SELECT a.ticket_id " + UNREAD_ACTIVITY + ")")
        params["staff"] = int(actor.is_staff)
    if wanted.creator is not None:
        conditions.append("t.created_by = :creator")
        params["creator"] = stored_id(str(wanted.creator))
    if wanted.search.strip():
        # LIKE with the wildcards of the search text escaped, so "%" and "_" match literally.
        pattern = re.sub(r"([\\%_])", r"\\\1", wanted.search.strip())
        params["pattern"] = f"%{pattern}%"
        comment_visible = "" if actor.is_staff else " AND c.internal = 0"
        conditions.append(  # fixed fragments; the pattern is a parameter
            "(t.title LIKE :pattern ESCAPE '\\' OR t.description LIKE :pattern ESCAPE '\\' "  # noqa: S608
            "OR EXISTS (SELECT 1 FROM comments c WHERE c.ticket_id = t.id"
            + comment_visible + " AND c.body LIKE :pattern ESCAPE '\\'))"
        )
    return " AND ".join(conditions), params


def list_tickets(
    db: sqlite3.Connection, actor: Actor, wanted: TicketFilter, page: int
) -> tuple[list[dict], int]:
    """One page of the tickets the actor may see, and how many match in all."""
    where, params = filter_clause(actor, wanted)
    count_sql = "SELECT COUNT(*) FROM tickets t WHERE " + where  # noqa: S608 (see above)
    total = db.execute(count_sql, params).fetchone()[0]
    order = SORTS.get(wanted.sort, SORTS["updated"])
    rows = db.execute(
        "SELECT " + TICKET_COLUMNS + " " + TICKET_JOINS + " WHERE " + where
        + " ORDER BY " + order + " LIMIT :limit OFFSET :offset",
        {**params, "limit": PAGE_SIZE, "offset": (min(max(page, 1), MAX_PAGE) - 1) * PAGE_SIZE},
    ).fetchall()
    return [dict(row) for row in rows], total


def unread_ticket_ids(db: sqlite3.Connection, actor: Actor, ticket_ids: list[int]) -> set[int]:
    if not ticket_ids:
        return set()
    params = {"me": actor.id, "staff": int(actor.is_staff)}
    params |= {f"id{index}": ticket_id for index, ticket_id in enumerate(ticket_ids)}
    placeholders = ", ".join(f":id{index}" for index in range(len(ticket_ids)))
    rows = db.execute(
        "SELECT DISTINCT a.ticket_id " + UNREAD_ACTIVITY
        + " AND a.ticket_id IN (" + placeholders + ")", params,
    )
    return {row[0] for row in rows}


def first_unread_tickets(db: sqlite3.Connection, actor: Actor, limit: int = 2) -> list[int]:
    """Up to `limit` ids of tickets with unread activity, the latest activity first."""
    params = {"me": actor.id, "staff": int(actor.is_staff), "limit": limit}
    rows = db.execute("SELECT a.ticket_id " + UNREAD_ACTIVITY
                      + " GROUP BY a.ticket_id ORDER BY MAX(a.id) DESC LIMIT :limit", params)
    return [row[0] for row in rows]


def ticket_stamp(db: sqlite3.Connection, ticket_id: int) -> str | None:
    """When the ticket last changed (every reply, note and change moves it)."""
    row = db.execute("SELECT updated_at FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
    return row[0] if row else None


def unread_count(db: sqlite3.Connection, actor: Actor) -> int:
    params = {"me": actor.id, "staff": int(actor.is_staff)}
    return db.execute("SELECT COUNT(DISTINCT a.ticket_id) " + UNREAD_ACTIVITY, params).fetchone()[0]


def mark_read(db: sqlite3.Connection, user_id: int, ticket_id: int) -> None:
    db.execute(
        "INSERT INTO ticket_reads (user_id, ticket_id, last_seen_activity) "
        "SELECT ?, ?, COALESCE(MAX(id), 0) FROM activity WHERE ticket_id = ? "
        "ON CONFLICT (user_id, ticket_id) DO UPDATE SET "
        "last_seen_activity = excluded.last_seen_activity",
        (user_id, ticket_id, ticket_id),
    )


def insert_activity(
    db: sqlite3.Connection, ticket_id: int, actor_id: int, kind: str, *, internal: bool = False
) -> None:
    db.execute(
        "INSERT INTO activity (ticket_id, actor_id, kind, internal, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (ticket_id, actor_id, kind, int(internal), iso(now_utc())),
    )


def list_comments(db: sqlite3.Connection, ticket_id: int, *, internal: bool,
                  page: int = 1) -> tuple[list[sqlite3.Row], int]:
    """One page of a ticket's thread, oldest first, and how many comments it has in all;
    page 1 holds the newest COMMENT_PAGE_SIZE. Internal notes only when `internal`."""
    params = {"ticket": ticket_id, "internal": int(internal)}
    visible = "WHERE c.ticket_id = :ticket AND (c.internal = 0 OR :internal)"
    count_sql = "SELECT COUNT(*) FROM comments c " + visible  # noqa: S608 (fixed fragment)
    total = db.execute(count_sql, params).fetchone()[0]
    rows = db.execute(
        "SELECT c.*, u.username AS author_name, u.role AS author_role FROM comments c "  # noqa: S608
        "JOIN users u ON u.id = c.author_id " + visible
        + " ORDER BY c.id DESC LIMIT :limit OFFSET :offset",
        {**params, "limit": COMMENT_PAGE_SIZE, "offset": (page - 1) * COMMENT_PAGE_SIZE},
    ).fetchall()
    return rows[::-1], total


def insert_comment(
    db: sqlite3.Connection, ticket_id: int, author_id: int, body: str, internal: bool
) -> None:
    db.execute(
        "INSERT INTO comments (ticket_id, author_id, body, internal, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (ticket_id, author_id, body, int(internal), iso(now_utc())),
    )
    insert_activity(db, ticket_id, author_id, "comment", internal=internal)


def update_ticket_fields(
    db: sqlite3.Connection, ticket_id: int, actor_id: int, **fields: object
) -> None:
    allowed = {"status", "priority", "category", "assigned_to", "resolved_at"}
    assert set(fields) <= allowed, fields  # column names come from this allow-list only
    now = iso(now_utc())
    record_changes(db, ticket_id, actor_id, now, fields)
    assignments = "".join(f"{column} = :{column}, " for column in fields)
    db.execute(  # column names from the allow-list, values are parameters
        "UPDATE tickets SET " + assignments + "updated_at = :now, last_updated_by = :actor "  # noqa: S608
        "WHERE id = :id",
        {**fields, "now": now, "actor": actor_id, "id": ticket_id},
    )


def record_changes(db: sqlite3.Connection, ticket_id: int, actor_id: int, now: str,
                   fields: dict) -> None:
    """One ticket_changes row per tracked field whose value the update changes."""
    before = db.execute(
        "SELECT status, priority, category, assigned_to FROM tickets WHERE id = ?", (ticket_id,)
    ).fetchone()
    for field in CHANGE_FIELDS:
        if field in fields and fields[field] != before[field]:
            db.execute(
                "INSERT INTO ticket_changes (ticket_id, actor_id, field, old_value, new_value, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (ticket_id, actor_id, field, change_value(before[field]),
                 change_value(fields[field]), now),
            )


def change_value(value: object) -> str | None:
    return None if value is None else str(value)


def list_changes(db: sqlite3.Connection, ticket_id: int, *, since: str | None = None,
                 until: str | None = None) -> list[sqlite3.Row]:
    """A ticket's recorded changes, oldest first, optionally within [since, until]."""
    return db.execute(
        "SELECT c.*, u.username AS actor_name FROM ticket_changes c "
        "JOIN users u ON u.id = c.actor_id WHERE c.ticket_id = :ticket "
        "AND (:since IS NULL OR c.created_at >= :since) "
        "AND (:until IS NULL OR c.created_at <= :until) ORDER BY c.id",
        {"ticket": ticket_id, "since": since, "until": until},
    ).fetchall()


def delete_ticket_row(db: sqlite3.Connection, ticket_id: int) -> None:
    db.execute("DELETE FROM tickets WHERE id = ?", (ticket_id,))


def ticket_counts(db: sqlite3.Connection, column: str) -> dict[str, int]:
    assert column in ("status", "priority", "category")  # fixed column names only
    rows = db.execute("SELECT " + column + ", COUNT(*) FROM tickets GROUP BY " + column)  # noqa: S608
    return dict(rows.fetchall())


def stamps_since(db: sqlite3.Connection, column: str, since: str) -> list[str]:
    assert column in ("created_at", "resolved_at")  # fixed column names only
    rows = db.execute(  # a fixed column name
        "SELECT " + column + " FROM tickets WHERE " + column + " >= ?",  # noqa: S608
        (since,),
    )
    return [row[0] for row in rows]


def resolution_hours(db: sqlite3.Connection) -> list[float]:
    rows = db.execute(
        "SELECT (julianday(resolved_at) - julianday(created_at)) * 24 FROM tickets "
        "WHERE resolved_at IS NOT NULL AND status IN ('resolved', 'closed')"
    )
    return [row[0] for row in rows]


# ─────────────── Actions: one transaction each, rules checked inside ───────────────


def authenticate(username: str, password: str, client: str | None) -> Actor:
    """The actor for these credentials, or RuleError.

    Unknown users cost one hash like known ones and get the same message, so neither the
    text nor the time tells whether an account exists. Failures are counted per account
    name and per client address; either reaching its limit locks login for a while. A
    success clears the account's count only: were the client's cleared too, one's own
    account would let a client spray guesses over many names without ever being locked.
    """
    keys = [("account:" + username.strip().lower(), LOCK_AFTER_FAILURES)]
    if client:
        keys.append(("client:" + client, LOCK_AFTER_CLIENT_FAILURES))
    with connect() as db:
        for key, _ in keys:
            lock = login_lock(db, key)
            if lock and lock["locked_until"] and lock["locked_until"] > iso(now_utc()):
                raise RuleError("error_locked", minutes=LOCK_MINUTES)
        user = find_user(db, username) if username.strip() else None
    known = verify_password(password, user["password_hash"] if user else dummy_hash())
    foreign = bool(user and known and needs_rehash(user["password_hash"]))
    rehashed = hash_password(password) if foreign else None
    with connect() as db:  # the failure is counted (committed) before it is reported
        write(db)
        if user and known:
            clear_login_failures(db, keys[0][0])
            if rehashed:
                set_user_fields(db, user["id"], password_hash=rehashed)
        else:
            locked = any([record_login_failure(db, key, limit) for key, limit in keys])
    if not (user and known):
        raise RuleError("error_locked" if locked else "error_login_failed", minutes=LOCK_MINUTES)
    if not user["active"]:
        raise RuleError("error_inactive")
    return actor_from(user)


def actor_from(user: sqlite3.Row) -> Actor:
    return Actor(user["id"], user["username"], user["role"], user["session_version"])


def load_actor(user_id: int, session_version: int | None = None) -> Actor | None:
    """The signed-in person as the database says now: role, active flag and session
    version are re-read on every rerun, so a demoted or deactivated account loses its
    rights at once, and a session whose version is outdated (`session_version` given and
    no longer stored) is over."""
    with connect() as db:
        user = get_user(db, user_id)
    if user is None or not user["active"]:
        return None
    if session_version is not None and user["session_version"] != session_version:
        return None
    return actor_from(user)


def log_out(actor: Actor) -> None:
    """End every session of the account, as Micro does: logout means signed out."""
    with connect() as db:
        write(db)
        end_sessions(db, actor.id)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signature(key: bytes, token: str) -> str:
    return hmac.new(key, token.encode(), "sha256").hexdigest()


def start_browser_session(actor: Actor, lang: str | None = None) -> tuple[int, str]:
    """A browser session for a fresh login: its id, and the one-time hand-off token that
    the page trades for the session cookie at SESSION_PATH (a script cannot set an
    HttpOnly cookie itself, and the hand-off token is useless a minute later)."""
    handoff = secrets.token_urlsafe(32)
    with connect() as db:
        write(db)
        session_id = insert_session(db, actor.id, actor.session_version, token_hash(handoff),
                                    iso(now_utc() + HANDOFF_TIMEOUT), lang)
    return session_id, handoff


def handoff_pending(session_id: int) -> bool:
    with connect() as db:
        row = get_session(db, session_id)
    return row is not None and row["kind"] == "handoff"


def redeem_handoff(handoff: str) -> tuple[str, int] | None:
    """(cookie value, its max age in seconds) for a valid hand-off token, which then no
    longer works; None for any other text."""
    now = now_utc()
    with connect() as db:
        write(db)
        row = find_session(db, token_hash(handoff), "handoff")
        if row is None or row["expires_at"] <= iso(now):
            return None
        token = secrets.token_urlsafe(32)
        ends = datetime.fromisoformat(row["created_at"]) + ABSOLUTE_TIMEOUT
        set_session_token(db, row["id"], token_hash(token), iso(ends))
        value = f"{token}.{signature(session_key(db), token)}"
    return value, max(0, int((ends - now).total_seconds()))


def resume_session(cookie: str) -> tuple[Actor, sqlite3.Row] | None:
    """The actor and session row of a session cookie that is still good: signed by this
    database's key, not expired nor idle too long, its account active and its session
    version current. None otherwise."""
    token, _, signed = cookie.partition(".")
    now = now_utc()
    with connect() as db:
        expected = signature(session_key(db), token)
        if not hmac.compare_digest(expected.encode(), signed.encode()):
            return None
        row = find_session(db, token_hash(token), "cookie")
    if (row is None or not row["active"] or row["session_version"] != row["user_version"]
            or row["expires_at"] <= iso(now) or row["seen_at"] <= iso(now - IDLE_TIMEOUT)):
        return None
    actor = load_actor(row["user_id"], row["session_version"])
    return (actor, row) if actor else None


def remember_language(session_id: int, lang: str) -> None:
    """The browser session keeps the language its person picked (a reload restores it)."""
    with connect() as db:
        write(db)
        set_session_lang(db, session_id, lang)


def note_session_use(session_id: int) -> None:
    """Store that the session was used now (its idle timeout counts from here)."""
    with connect() as db:
        write(db)
        touch_session(db, session_id, iso(now_utc()))


def forget_cookie(cookie: str) -> None:
    """Delete the browser session of this cookie (the cookie itself is then worthless)."""
    token = cookie.partition(".")[0]
    with connect() as db:
        write(db)
        row = find_session(db, token_hash(token), "cookie")
        if row is not None:
            delete_session(db, row["id"])


def visible_ticket(db: sqlite3.Connection, actor: Actor, ticket_id: int) -> dict:
    """The ticket, or RuleError("ticket_not_found") also when the actor may not see it."""
    ticket = get_ticket(db, ticket_id) if 0 < ticket_id <= SQLITE_MAX_INT else None
    if ticket is None or not can(actor, "view_ticket", ticket):
        raise RuleError("ticket_not_found")
    return ticket


def create_ticket(actor: Actor, title: str, description: str, category: str,
                  priority: str) -> int:
    fields = clean_ticket(title, description, category, priority)
    with connect() as db:
        write(db)
        return insert_ticket(db, fields, actor.id)


def open_ticket(actor: Actor, ticket_id: int) -> dict:
    """Load a ticket for reading and clear the reader's unread activity on it."""
    with connect() as db:
        write(db)
        ticket = visible_ticket(db, actor, ticket_id)
        mark_read(db, actor.id, ticket_id)
        return ticket


def add_reply(actor: Actor, ticket_id: int, body: str, *, internal: bool = False,
              new_status: str = "") -> None:
    """A comment, a status change, or both in one transaction."""
    clean_text(body, "body", maximum=TEXT_MAX, required=not new_status)
    work_ticket(actor, ticket_id, body, internal=internal, new_status=new_status)


def work_ticket(actor: Actor, ticket_id: int, body: str = "", *, internal: bool = False,
                new_status: str = "", triage: dict | None = None) -> None:
    """Support's one form: a reply, a status change and new triage fields (`priority`,
    `category`, `assigned_to`) in one transaction; any part may be left out, not all.

    Taking an unassigned ticket in progress assigns it to the one who takes it, unless
    the same submission names another assignee.
    """
    text = clean_text(body, "body", maximum=TEXT_MAX, required=False)
    with connect() as db:
        write(db)
        ticket = visible_ticket(db, actor, ticket_id)
        if not can(actor, "comment", ticket) or (
            internal and not can(actor, "write_internal", ticket)
        ):
            raise RuleError("error_not_allowed")
        fields = changed_triage(db, actor, ticket, triage) if triage is not None else {}
        if new_status:
            check_transition(actor, ticket, new_status)
            fields["status"] = new_status
            if new_status == "resolved":
                fields["resolved_at"] = iso(now_utc())
            assignee = fields.get("assigned_to", ticket["assigned_to"])
            if new_status == "in_progress" and assignee is None and actor.is_staff:
                fields["assigned_to"] = actor.id
        if not text and not fields:
            raise RuleError("nothing_to_send" if triage is not None else "error_required",
                            "body")
        if text:
            insert_comment(db, ticket_id, actor.id, text, internal)
        update_ticket_fields(db, ticket_id, actor.id, **fields)
        if new_status:
            insert_activity(db, ticket_id, actor.id, "status")
        mark_read(db, actor.id, ticket_id)


def changed_triage(db: sqlite3.Connection, actor: Actor, ticket: dict, triage: dict) -> dict:
    """The triage fields (`priority`, `category`, `assigned_to`) whose value differs from
    the ticket's, after checking the codes, the right to triage and the assignee."""
    check_code(triage["priority"], PRIORITIES, "priority")
    check_code(triage["category"], CATEGORIES, "category")
    if not can(actor, "triage_ticket", ticket):
        raise RuleError("error_not_allowed")
    check_assignee(db, ticket, triage["assigned_to"])
    return {field: value for field, value in triage.items() if value != ticket[field]}


def check_assignee(db: sqlite3.Connection, ticket: dict, assigned_to: int | None) -> None:
    """Only active staff can be assigned; a ticket may keep its assignee even if since
    deactivated."""
    staff_ids = {row["id"] for row in staff_members(db)}
    keeps_assignee = assigned_to == ticket["assigned_to"]
    if assigned_to is not None and not keeps_assignee and assigned_to not in staff_ids:
        raise RuleError("error_assignee", "assigned_to")


def change_status(actor: Actor, ticket_id: int, new_status: str) -> None:
    add_reply(actor, ticket_id, "", new_status=new_status)


def edit_ticket(actor: Actor, ticket_id: int, *, priority: str, category: str,
                assigned_to: int | None) -> None:
    check_code(priority, PRIORITIES, "priority")
    check_code(category, CATEGORIES, "category")
    with connect() as db:
        write(db)
        ticket = visible_ticket(db, actor, ticket_id)
        if not can(actor, "triage_ticket", ticket):
            raise RuleError("error_not_allowed")
        check_assignee(db, ticket, assigned_to)
        update_ticket_fields(db, ticket_id, actor.id, priority=priority, category=category,
                             assigned_to=assigned_to)


def delete_ticket(actor: Actor, ticket_id: int) -> None:
    with connect() as db:
        write(db)
        ticket = visible_ticket(db, actor, ticket_id)
        if not can(actor, "delete_ticket", ticket):
            raise RuleError("error_not_allowed")
        delete_ticket_row(db, ticket_id)


def create_user(actor: Actor, username: str, email: str, role: str, password: str) -> int:
    if not can(actor, "manage_users"):
        raise RuleError("error_not_allowed")
    return register_user(username, email, role, password)


def register_user(username: str, email: str, role: str, password: str) -> int:
    errors: dict[str, RuleError] = {}
    for field, check in (("username", lambda: clean_username(username)),
                         ("email", lambda: clean_email(email)),
                         ("role", lambda: check_code(role, ROLES, "role")),
                         ("password", lambda: check_password(password, username))):
        try:
            check()
        except RuleError as error:
            errors[field] = error
    if errors:
        raise FormErrors(errors)
    password_hash = hash_password(password)
    with connect() as db:
        write(db)
        if find_user(db, username):
            raise FormErrors({"username": RuleError("error_username_taken", "username")})
        return insert_user(db, username.strip(), email.strip(), role, password_hash)


def manage_user(actor: Actor, user_id: int, change: str, value: str = "") -> None:
    """An admin's change to an account: "role", "password", "active", "inactive", "delete".

    The last active admin can be neither demoted nor deactivated; an account with
    tickets or comments can only be deactivated, not deleted.
    """
    if not can(actor, "manage_users"):
        raise RuleError("error_not_allowed")
    if change in ("inactive", "delete") and user_id == actor.id:
        raise RuleError("error_self")
    new_hash = None
    with connect() as db:
        user = get_user(db, user_id)
    if user is None:
        raise RuleError("error_not_allowed")
    if change == "password":
        check_password(value, user["username"], "new_password")
        new_hash = hash_password(value)
    with connect() as db:
        write(db)
        strips_admin = user["role"] == "admin" and user["active"] and (
            (change == "role" and value != "admin") or change in ("inactive", "delete"))
        if strips_admin and other_active_admins(db, user_id) == 0:
            raise RuleError("error_last_admin")
        if change == "role":
            set_user_fields(db, user_id, role=check_code(value, ROLES, "role"))
        elif change == "password":
            set_user_fields(db, user_id, password_hash=new_hash, default_password=0)
            end_sessions(db, user_id)
        elif change in ("active", "inactive"):
            set_user_fields(db, user_id, active=int(change == "active"))
            end_sessions(db, user_id)
        elif change == "delete":
            if user_has_history(db, user_id):
                raise RuleError("error_user_in_use")
            delete_user_row(db, user_id)


def change_own_password(actor: Actor, current: str, new: str, repeat: str,
                        keep_session: int | None = None) -> int:
    """Change one's own password and end the account's other sessions (and browser
    sessions but `keep_session`); returns the new session version, which keeps the
    caller's own session valid (as in Micro)."""
    with connect() as db:
        user = get_user(db, actor.id)
    if not verify_password(current, user["password_hash"]):
        raise RuleError("error_password_wrong", "current_password")
    check_password(new, user["username"], "new_password")
    if new != repeat:
        raise RuleError("error_password_mismatch", "repeat_password")
    new_hash = hash_password(new)
    with connect() as db:
        write(db)
        set_user_fields(db, actor.id, password_hash=new_hash, default_password=0)
        return end_sessions(db, actor.id, keep_session)


def iso_week(moment: datetime) -> tuple[int, int]:
    """The ISO 8601 week (the German "KW") as (year, week), e.g. (2026, 48)."""
    year, week, _ = moment.isocalendar()
    return year, week


def dashboard_figures(weeks: int = 12) -> dict:
    """Counts for the dashboard; "opened" and "resolved" per ISO week, oldest first, with
    the empty weeks included."""
    today = now_utc()
    first_day = (today - timedelta(days=today.weekday(), weeks=weeks - 1)).replace(
        hour=0, minute=0, second=0, microsecond=0)
    labels = [iso_week(first_day + timedelta(weeks=number)) for number in range(weeks)]
    with connect() as db:
        figures = {kind: ticket_counts(db, kind) for kind in ("status", "priority", "category")}
        for key, column in (("opened", "created_at"), ("resolved", "resolved_at")):
            counts = {label_: 0 for label_ in labels}
            for stamp in stamps_since(db, column, iso(first_day)):
                counts[iso_week(datetime.fromisoformat(stamp))] += 1
            figures[key] = counts
        figures["hours"] = resolution_hours(db)
    return figures


# ───────────────────────────── UI ─────────────────────────────


@st.cache_resource
def ensure_database(path: str) -> str:
    """Create the database once per process and path (Streamlit reruns this file often)."""
    init_db(Path(path))
    return path


@st.cache_resource
def dummy_hash() -> str:
    """A hash to check unknown usernames against, so they cost the same time."""
    return hash_password(secrets.token_urlsafe(16))


def error_text(error: RuleError) -> str:
    params = dict(error.params)
    for key in ("old", "new"):  # status codes in transition messages get their labels
        if key in params:
            params[key] = label("status", str(params[key]))
    return t(error.key, **params)


@contextmanager
def shows_errors() -> Iterator[None]:
    """Turn a refused action or a busy database into a clear message on the page."""
    try:
        yield
    except RuleError as error:
        st.error(error_text(error))
    except sqlite3.OperationalError:
        st.error(t("error_database"))


def field_errors(slots: dict[str, object], error: FormErrors | RuleError) -> None:
    """Show each error under its own field (slots are st.empty() placeholders)."""
    errors = error.errors if isinstance(error, FormErrors) else {error.field or "": error}
    for field, problem in errors.items():
        slot = slots.get(field)
        (slot.error if slot else st.error)(error_text(problem))


def flash(message: str) -> None:
    """A confirmation shown at the top of the next page."""
    st.session_state["flash"] = message


def show_flash() -> None:
    message = st.session_state.pop("flash", None)
    if message:
        st.success(message)


def browser_says(name: str) -> str | None:
    """What the browser told Streamlit (`timezone`, `locale`, `ip_address`), if anything."""
    value = getattr(st.context, name, None)
    return value if isinstance(value, str) and value else None


def viewer_zone() -> ZoneInfo:
    try:
        return ZoneInfo(browser_says("timezone") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(stamp: str | None) -> str:
    """A stored UTC stamp in the viewer's zone and the language's format (04.12.2026)."""
    if not stamp:
        return "–"
    return datetime.fromisoformat(stamp).astimezone(viewer_zone()).strftime(
        t("datetime_format"))


def week_name(week: tuple[int, int]) -> str:
    """An ISO week as the language says it: "Week 38", "KW 38"."""
    return t("week_label", week=week[1])


def navigate(page: str, ticket_id: int | None, unread_only: bool = False) -> None:
    """A button's on_click: runs before the next script run, so the page it leaves is not
    opened once more on the way out (which would mark new activity as read unseen)."""
    st.session_state["page"] = page
    st.session_state["ticket_id"] = ticket_id
    st.session_state["unread_only"] = unread_only


URL_KEYS = ("page", "ticket", "unread")


def url_state() -> dict[str, str]:
    """What the address asks for: `?page=dashboard`, `?ticket=12` or `?unread=1`."""
    return {key: st.query_params[key] for key in URL_KEYS if key in st.query_params}


def apply_url() -> None:
    """When the address changed from outside the app (a link, a reload, Back or Forward),
    open what it names; otherwise the app's own navigation leads."""
    wanted = url_state()
    if wanted == st.session_state.get("url_shown"):
        return
    ticket = wanted.get("ticket")
    st.session_state["ticket_id"] = stored_id(ticket) if ticket is not None else None
    st.session_state["page"] = wanted.get("page", "tickets")
    st.session_state["unread_only"] = wanted.get("unread") == "1"


def show_in_url() -> None:
    """Put the open page in the address (Streamlit adds a history entry for each change,
    so Back and Forward move between pages)."""
    ticket_id = st.session_state.get("ticket_id")
    page = st.session_state.get("page", "tickets")
    if ticket_id is not None:
        wanted = {"ticket": str(ticket_id)}
    elif page != "tickets":
        wanted = {"page": page}
    else:
        wanted = {"unread": "1"} if st.session_state.get("unread_only") else {}
    if wanted != url_state():
        st.query_params.from_dict(wanted)
    st.session_state["url_shown"] = wanted


def go_to(page: str, ticket_id: int | None = None) -> None:
    """Navigate after an action, on a rerun (a widget's state cannot change once drawn)."""
    st.session_state["go_to"] = (page, ticket_id)
    st.rerun()


def apply_navigation() -> None:
    page, ticket_id = st.session_state.pop("go_to", (None, None))
    if page:
        st.session_state["page"] = page
        st.session_state["ticket_id"] = ticket_id


def reset_session(**values: object) -> None:
    """Forget everything of the session but its language, then store `values`.

    Used at login (a fresh state, so nothing from before survives), at logout and when a
    session times out.
    """
    for key in list(st.session_state):
        if key != "lang":
            del st.session_state[key]
    st.session_state.update(values)


def language_ui() -> None:
    if "lang" not in st.session_state:
        browser = (browser_says("locale") or "en")[:2].lower()
        st.session_state["lang"] = browser if browser in LANGUAGES else "en"
    st.sidebar.selectbox(t("language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang",
                         on_change=language_changed)
    document_language_ui()


def language_changed() -> None:
    session_id = st.session_state.get("browser_session")
    if session_id is not None:
        with shows_errors():
            remember_language(session_id, st.session_state["lang"])


def document_language_ui() -> None:
    """`<html lang>` as the page's language, so screen readers pronounce German as German.
    Streamlit's page says "en" whatever the app shows; a one-line script corrects it (the
    code comes from LANGUAGES, never from the person)."""
    language = st.session_state.get("lang")
    code = language if language in LANGUAGES else "en"
    run_script(f"document.documentElement.lang = '{code}';")


def run_script(code: str) -> None:
    """Run `code` (the app's own fixed JavaScript, never a person's text) in the page."""
    st.sidebar.html(f"<script>{code}</script>", unsafe_allow_javascript=True)


def session_cookie_ui() -> None:
    """Right after login, the page trades the hand-off token for the session cookie (see
    SESSION_PATH); the script is drawn until the trade is done."""
    session_id, handoff = st.session_state.get("browser_session"), st.session_state.get("handoff")
    if session_id is None or handoff is None:
        return
    if not handoff_pending(session_id):
        st.session_state.pop("handoff")
        return
    # The token is URL-safe base64 (letters, digits, - and _): safe inside the quotes.
    run_script(f"fetch('{SESSION_PATH}', {{method: 'POST', body: '{handoff}', "
               "credentials: 'same-origin'}).catch(() => {});")


def forget_cookie_ui() -> None:
    """After logout, the browser drops the (already revoked) session cookie."""
    if st.session_state.pop("forget_cookie", False):
        run_script(f"fetch('{SESSION_PATH}', {{method: 'DELETE', "
                   "credentials: 'same-origin'}).catch(() => {});")


APPEARANCES = ("dark", "light")
# Streamlit keeps the theme picked in its menu in the browser's storage under this key,
# per path, as "Light", "Dark" or "System", and reads it when the page loads.
THEME_KEY_JS = "'stActiveTheme-' + location.pathname + '-v2'"
# Nano is dark unless the person picked light: a browser that has no pick of its own yet
# ("System", or nothing) gets "Dark", and reloads once if it showed light meanwhile.
DARK_BY_DEFAULT_JS = (
    "try { const key = " + THEME_KEY_JS + "; "
    "const picked = JSON.parse(localStorage.getItem(key) || 'null'); "
    "if (picked !== 'Light' && picked !== 'Dark') { "
    "localStorage.setItem(key, JSON.stringify('Dark')); "
    "if (matchMedia('(prefers-color-scheme: light)').matches) location.reload(); } "
    "} catch (error) {}"
)


def appearance_ui() -> None:
    """Light or dark, as the person likes (the same choice as Streamlit's own menu offers).
    The theme is the browser's: the choice is stored there and the page reloads, which
    keeps the person signed in (the session cookie) on the same page (the address).

    The page reloads only when the pick differs from the theme the browser shows, not on
    the box's change event: a language switch renames the box, and Streamlit then reports
    a "change" on the next rerun, whose reload would start afresh and lose the language.
    """
    current = getattr(st.context.theme, "type", None)
    st.session_state.setdefault("appearance", current if current in APPEARANCES else "dark")
    names = {code: t(f"appearance_{code}") for code in APPEARANCES}
    st.sidebar.selectbox(t("appearance"), APPEARANCES, key="appearance",
                         format_func=names.__getitem__)
    if current in APPEARANCES and st.session_state["appearance"] != current:
        name = "Light" if st.session_state["appearance"] == "light" else "Dark"
        run_script(f"localStorage.setItem({THEME_KEY_JS}, JSON.stringify('{name}')); "
                   "location.reload();")
    else:
        run_script(DARK_BY_DEFAULT_JS)


def login_ui() -> None:
    st.title(t("app_title"))
    st.write(t("login_intro"))
    with st.form("login"):
        username = st.text_input(t("username"), autocomplete="username")
        password = st.text_input(t("password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(t("log_in"), type="primary")
    if submitted:
        with shows_errors():
            actor = authenticate(username, password, browser_says("ip_address"))
            session_id, handoff = start_browser_session(actor, st.session_state.get("lang"))
            reset_session(user_id=actor.id, session_version=actor.session_version,
                          page="tickets", login_at=now_utc(), seen_at=now_utc(),
                          touched_at=now_utc(), browser_session=session_id, handoff=handoff)
            st.rerun()


def first_admin_ui() -> None:
    """Without demo accounts and with no account yet, the first visitor creates the admin."""
    st.title(t("app_title"))
    st.info(t("setup_intro"))
    with st.form("first_admin"):
        username = st.text_input(t("username"))
        username_slot = st.empty()
        email = st.text_input(t("email"))
        email_slot = st.empty()
        password = st.text_input(t("password"), type="password")
        password_slot = st.empty()
        submitted = st.form_submit_button(t("create_admin"), type="primary")
    if submitted:
        try:
            with connect() as db:
                if count_users(db):
                    st.rerun()
            register_user(username, email, "admin", password)
            st.rerun()
        except (FormErrors, RuleError) as error:
            field_errors({"username": username_slot, "email": email_slot,
                          "password": password_slot}, error)


def pages_for(actor: Actor) -> list[str]:
    pages = ["tickets", "new_ticket"]
    if can(actor, "view_dashboard"):
        pages.append("dashboard")
    if can(actor, "manage_users"):
        pages.append("users")
    return [*pages, "account"]


def sidebar_ui(actor: Actor) -> None:
    sidebar = st.sidebar
    sidebar.title(t("app_title"))
    signed_in_ui(sidebar, actor)
    pages = pages_for(actor)
    if st.session_state.get("page") not in pages:
        st.session_state["page"] = "tickets"
    names = {page: t(f"page_{page}") for page in pages}
    sidebar.radio(t("nav"), pages, format_func=names.__getitem__, key="page",
                  on_change=lambda: st.session_state.update(ticket_id=None, unread_only=False))
    language_ui()
    appearance_ui()
    if sidebar.button(t("log_out")):
        with shows_errors():
            log_out(actor)
            reset_session(forget_cookie=True)
            st.query_params.clear()
            st.rerun()


def signed_in_ui(container: object, actor: Actor) -> None:
    container.html(plain_html("caption", t("signed_in_as", name=actor.username,
                                           role=label("role", actor.role))))


@st.fragment(run_every=BADGE_REFRESH)
def badge_ui(actor: Actor) -> None:
    """The unread count at the top of the page, and the open ticket kept current: both
    refresh themselves, so news shows without a click. The count is a button: it opens
    the one unread ticket, or the list of the unread ones.

    A session ended elsewhere (password changed, account deactivated) reruns the whole
    page, which then shows the log-in form, instead of counting on for an ended session;
    so does new activity on the open ticket, which then shows it.
    """
    if load_actor(actor.id, st.session_state.get("session_version")) is None:
        st.rerun()
    shown_ticket, shown_stamp = st.session_state.get("shown_stamp", (None, None))
    with connect() as db:
        count = unread_count(db, actor)
        stamp = ticket_stamp(db, shown_ticket) if shown_ticket is not None else None
    if shown_ticket is not None and shown_ticket == st.session_state.get("ticket_id") \
            and stamp != shown_stamp:
        st.rerun()
    if count:
        if st.button(t("unread_some", count=count), key="unread_button", type="tertiary",
                     on_click=open_unread, args=(actor,)):
            st.rerun()  # the whole page: a click in a fragment reruns only the fragment
    else:
        st.markdown(t("unread_none"))


def open_unread(actor: Actor) -> None:
    """The unread count's on_click: the one unread ticket, or the list of the unread."""
    with connect() as db:
        unread = first_unread_tickets(db, actor)
    if len(unread) == 1:
        navigate("tickets", unread[0])
    else:
        navigate("tickets", None, unread_only=True)


def default_password_warning_ui(actor: Actor) -> None:
    if actor.role != "admin":
        return
    with connect() as db:
        names = default_password_accounts(db)
    if names:
        st.warning(t("default_password_warning", names=", ".join(names)))


def code_names(kind: str, codes: tuple[str, ...], **first: str) -> dict:
    """{code: translated label}, optionally after one extra choice such as {"": "All"}."""
    return {**{value: text for value, text in first.items()},
            **{code: label(kind, code) for code in codes}}


def pick(container: object, text: str, names: dict, *, key: str, current: object = None):
    """A selectbox over `names` ({value: shown label}).

    The labels are computed when the page is drawn, so they stay right in the language of
    that moment, whoever formats them later.
    """
    values = list(names)
    index = values.index(current) if current in names else 0
    return container.selectbox(text, values, index=index, format_func=names.__getitem__,
                               key=key)


FILTER_KEYS = ("f_status", "f_priority", "f_category", "f_assignee", "f_creator")


def ticket_filters_ui(actor: Actor) -> TicketFilter:
    """Search on top; the filters in an expander (open while any is set) so that a phone
    shows tickets, not seven boxes, first."""
    search = st.text_input(t("search"), key="f_search", max_chars=200)
    active = sum(bool(st.session_state.get(key)) for key in FILTER_KEYS)
    title = t("filters") + (t("filters_active", count=active) if active else "")
    with st.expander(title, expanded=bool(active), icon=":material/filter_list:"):
        return ticket_filter_boxes_ui(actor, search)


def ticket_filter_boxes_ui(actor: Actor, search: str) -> TicketFilter:
    everything = {"": t("filter_all")}
    columns = st.columns(4)
    status = pick(columns[0], t("status"), {**everything, **code_names("status", STATUSES)},
                  key="f_status")
    priority = pick(columns[1], t("priority"),
                    {**everything, **code_names("priority", PRIORITIES)}, key="f_priority")
    category = pick(columns[2], t("category"),
                    {**everything, **code_names("category", CATEGORIES)}, key="f_category")
    sort = pick(columns[3], t("sort"), {code: t(f"sort_{code}") for code in SORTS},
                key="f_sort")
    assignee, creator = "", None
    if can(actor, "view_all_tickets"):
        with connect() as db:
            staff = {str(row["id"]): row["username"] for row in staff_members(db)}
            people = user_names(db)
        names = {**everything, "me": t("assignee_mine"), "none": t("assignee_none"), **staff}
        columns = st.columns(2)
        assignee = pick(columns[0], t("assignee"), names, key="f_assignee")
        creator = pick(columns[1], t("creator"), {None: t("filter_all"), **people},
                       key="f_creator")
    return TicketFilter(status, priority, category, assignee, creator, search, sort,
                        unread_only=bool(st.session_state.get("unread_only")))


def ticket_list_ui(actor: Actor) -> None:
    heading, refresh = st.columns([5, 1], vertical_alignment="bottom")
    heading.header(t("page_tickets"))
    refresh.button(t("refresh"), icon=":material/refresh:")  # a rerun reloads the list
    wanted = ticket_filters_ui(actor)
    # New filters start on page 1. (Compared as a tuple: each rerun re-creates the class.)
    if st.session_state.get("list_filter") != astuple(wanted):
        st.session_state["list_filter"] = astuple(wanted)
        st.session_state["list_page"] = 1
    page = st.session_state.get("list_page", 1)
    with connect() as db:
        tickets, total = list_tickets(db, actor, wanted, page)
        unread = unread_ticket_ids(db, actor, [ticket["id"] for ticket in tickets])
    pages = max(1, -(-total // PAGE_SIZE))
    if wanted.unread_only:
        only, show_all = st.columns([3, 1], vertical_alignment="center")
        only.info(t("unread_only"))
        show_all.button(t("show_all_tickets"), on_click=navigate, args=("tickets", None))
    st.caption(t("ticket_count", count=total))
    if not tickets:
        st.info(t("no_tickets"))
    for ticket in tickets:
        ticket_row_ui(ticket, ticket["id"] in unread)
    if pages > 1:
        pager_ui(page, pages)


def ticket_row_ui(ticket: dict, unread: bool) -> None:
    with st.container(border=True):
        text, action = st.columns([5, 1], vertical_alignment="center")
        marker = " · " + t("unread_marker") if unread else ""
        text.html(plain_html("headline", f"#{ticket['id']} {ticket['title']}{marker}"))
        text.html(plain_html("caption", t(
            "meta_line", status=label("status", ticket["status"]),
            priority=label("priority", ticket["priority"]),
            category=label("category", ticket["category"]), creator=ticket["creator_name"],
            updated=local_time(ticket["updated_at"]))))
        action.button(t("open_ticket", id=ticket["id"]), key=f"open_{ticket['id']}",
                      on_click=navigate, args=("tickets", ticket["id"]))


def pager_ui(page: int, pages: int) -> None:
    previous, where, following = st.columns([1, 2, 1], vertical_alignment="center")
    if previous.button(t("previous_page"), disabled=page <= 1):
        st.session_state["list_page"] = page - 1
        st.rerun()
    where.caption(t("page_of", page=page, pages=pages))
    if following.button(t("next_page"), disabled=page >= pages):
        st.session_state["list_page"] = page + 1
        st.rerun()


def new_ticket_ui(actor: Actor) -> None:
    st.header(t("page_new_ticket"))
    st.caption(t("new_ticket_intro"))
    with st.form("new_ticket"):
        title = st.text_input(t("title"), key="nt_title")
        slots = {"title": st.empty()}
        description = st.text_area(t("description"), key="nt_description", height=180)
        slots["description"] = st.empty()
        left, right = st.columns(2)
        category = pick(left, t("category"), code_names("category", CATEGORIES),
                        key="nt_category", current="support")
        priority = pick(right, t("priority"), code_names("priority", PRIORITIES),
                        key="nt_priority", current="medium")
        submitted = st.form_submit_button(t("create_ticket"), type="primary")
    if submitted:
        try:
            ticket_id = create_ticket(actor, title, description, category, priority)
        except FormErrors as errors:
            field_errors(slots, errors)
        else:
            flash(t("ticket_created", id=ticket_id))
            go_to("tickets", ticket_id)


def ticket_detail_ui(actor: Actor, ticket: dict | None) -> None:
    """One ticket; `ticket` is None when it does not exist or the actor may not see it."""
    st.button(t("back_to_list"), on_click=navigate, args=("tickets", None))
    if ticket is None:
        st.error(t("ticket_not_found"))
        return
    st.html(plain_html("heading", f"#{ticket['id']} {ticket['title']}"))
    st.markdown(
        f"**{t('status')}:** {label('status', ticket['status'])} · "
        f"**{t('priority')}:** {label('priority', ticket['priority'])} · "
        f"**{t('category')}:** {label('category', ticket['category'])}"
    )
    st.html(plain_html("caption", t(
        "detail_meta", creator=ticket["creator_name"], created=local_time(ticket["created_at"]),
        assignee=ticket["assignee_name"] or t("unassigned"),
        updated=local_time(ticket["updated_at"]), updater=ticket["updater_name"] or "–")))
    if ticket["description"]:
        with st.container(border=True):
            st.text(ticket["description"])
    thread_ui(actor, ticket)
    if actor.is_staff:
        staff_reply_ui(actor, ticket)
    else:
        creator_actions_ui(actor, ticket)
    if can(actor, "delete_ticket", ticket):
        delete_ticket_ui(actor, ticket)


def thread_page(ticket_id: int) -> int:
    """The page of this ticket's thread being read (1: the newest comments)."""
    shown_ticket, page = st.session_state.get("thread_page", (None, 1))
    return page if shown_ticket == ticket_id else 1


def show_thread_page(ticket_id: int, page: int) -> None:
    st.session_state["thread_page"] = (ticket_id, page)


def thread_ui(actor: Actor, ticket: dict) -> None:
    """The conversation, a page at a time: thousands of comments must not bury the reply
    form (nor take seconds to draw)."""
    st.subheader(t("thread"))
    page = thread_page(ticket["id"])
    with connect() as db:
        comments, total = list_comments(db, ticket["id"], page=page,
                                        internal=can(actor, "view_internal"))
        # The changes made while the shown comments were written (all of them when the
        # whole thread fits on one page).
        older_exist = page * COMMENT_PAGE_SIZE < total
        changes = list_changes(
            db, ticket["id"], since=comments[0]["created_at"] if older_exist else None,
            until=comments[-1]["created_at"] if page > 1 else None)
        names = user_names(db) if changes else {}
    if not comments and not changes:
        st.caption(t("no_comments"))
    if total > COMMENT_PAGE_SIZE and comments:
        last = total - (page - 1) * COMMENT_PAGE_SIZE
        st.caption(t("thread_range", first=last - len(comments) + 1, last=last, total=total))
        older, newer = st.columns(2)
        older.button(t("older_comments"), disabled=page * COMMENT_PAGE_SIZE >= total,
                     on_click=show_thread_page, args=(ticket["id"], page + 1))
        newer.button(t("newer_comments"), disabled=page <= 1,
                     on_click=show_thread_page, args=(ticket["id"], page - 1))
    entries = sorted([*(("comment", row) for row in comments),
                      *(("change", row) for row in changes)],
                     key=lambda kind_row: kind_row[1]["created_at"])
    for kind, entry in entries:
        if kind == "change":
            change_ui(entry, names)
            continue
        with st.container(border=True):
            note = f" · 🔒 {t('internal_note')}" if entry["internal"] else ""
            st.html(plain_html("headline", f"{entry['author_name']} "
                               f"({label('role', entry['author_role'])}) · "
                               f"{local_time(entry['created_at'])}{note}"))
            st.text(entry["body"])


def change_ui(change: sqlite3.Row, names: dict[int, str]) -> None:
    """One recorded change in the conversation, e.g. "Status: New → In progress"."""
    field = change["field"]

    def shown(value: str | None) -> str:
        if field == "assigned_to":
            return names.get(int(value), "–") if value else t("unassigned")
        return label(field, value)

    heading = "assignee" if field == "assigned_to" else field
    line = t("change_line", field=t(heading), old=shown(change["old_value"]),
             new=shown(change["new_value"]))
    st.html(plain_html("caption", f"{change['actor_name']} · "
                       f"{local_time(change['created_at'])} · {line}"))


def staff_reply_ui(actor: Actor, ticket: dict) -> None:
    """Support's one form: reply, status, priority, category and assignee, sent together."""
    keep = {"": t("keep_status", status=label("status", ticket["status"]))}
    choices = code_names("status", tuple(next_statuses(actor, ticket)), **keep)
    with st.form("reply", clear_on_submit=True):
        st.markdown(f"**{t('work_ticket')}**")
        body = st.text_area(t("reply"), key="reply_body", height=120)
        body_slot = st.empty()
        internal = st.checkbox(t("internal_hint"), key="reply_internal")
        status_column, priority_column = st.columns(2)
        status = pick(status_column, t("set_status"), choices, key="reply_status")
        priority = pick(priority_column, t("priority"), code_names("priority", PRIORITIES),
                        key="edit_priority", current=ticket["priority"])
        category_column, assignee_column = st.columns(2)
        category = pick(category_column, t("category"), code_names("category", CATEGORIES),
                        key="edit_category", current=ticket["category"])
        assigned_to = pick(assignee_column, t("assignee"), assignee_names(ticket),
                           key="edit_assignee", current=ticket["assigned_to"])
        submitted = st.form_submit_button(t("send_reply"), type="primary")
    if submitted:
        triage = {"priority": priority, "category": category, "assigned_to": assigned_to}
        try:
            work_ticket(actor, ticket["id"], body, internal=internal, new_status=status,
                        triage=triage)
        except RuleError as error:
            field_errors({"body": body_slot}, error)
        except sqlite3.OperationalError:
            st.error(t("error_database"))
        else:
            replied(ticket["id"])


def assignee_names(ticket: dict) -> dict:
    """{account id or None: name}: active staff, and the current assignee even if since
    deactivated."""
    with connect() as db:
        staff = {row["id"]: row["username"] for row in staff_members(db)}
    if ticket["assigned_to"] and ticket["assigned_to"] not in staff:
        staff[ticket["assigned_to"]] = ticket["assignee_name"]
    return {None: t("unassigned"), **staff}


def replied(ticket_id: int) -> None:
    """After a reply: say so, and show the newest comments, where the reply is."""
    show_thread_page(ticket_id, 1)
    flash(t("reply_sent"))
    st.rerun()


def creator_actions_ui(actor: Actor, ticket: dict) -> None:
    """The creator confirms or rejects a fix, and can always add to the conversation."""
    if ticket["status"] == "resolved":
        st.info(t("resolved_question"))
        confirm, reopen = st.columns(2)
        if confirm.button(t("confirm_fix"), type="primary"):
            with shows_errors():
                change_status(actor, ticket["id"], "closed")
                flash(t("ticket_closed"))
                st.rerun()
        if reopen.button(t("still_broken")):
            with shows_errors():
                change_status(actor, ticket["id"], "in_progress")
                flash(t("ticket_reopened"))
                st.rerun()
    with st.form("comment", clear_on_submit=True):
        body = st.text_area(t("your_comment"), key="comment_body", height=120)
        body_slot = st.empty()
        submitted = st.form_submit_button(t("send_comment"), type="primary")
    if submitted:
        try:
            add_reply(actor, ticket["id"], body)
        except RuleError as error:
            field_errors({"body": body_slot}, error)
        else:
            replied(ticket["id"])


def delete_ticket_ui(actor: Actor, ticket: dict) -> None:
    if st.session_state.get("confirm_delete") != ticket["id"]:
        if st.button(t("delete_ticket")):
            st.session_state["confirm_delete"] = ticket["id"]
            st.rerun()
        return
    st.warning(t("confirm_delete", id=ticket["id"]))
    confirm, cancel = st.columns(2)
    if confirm.button(t("delete_permanently"), type="primary"):
        with shows_errors():
            delete_ticket(actor, ticket["id"])
            st.session_state.pop("confirm_delete", None)
            flash(t("ticket_deleted", id=ticket["id"]))
            go_to("tickets")
    if cancel.button(t("cancel")):
        st.session_state.pop("confirm_delete", None)
        st.rerun()


def dashboard_ui(actor: Actor) -> None:
    if not can(actor, "view_dashboard"):
        st.error(t("error_not_allowed"))
        return
    st.header(t("page_dashboard"))
    st.caption(t("dashboard_intro"))
    figures = dashboard_figures()
    open_count = sum(figures["status"].get(code, 0) for code in ("new", "in_progress"))
    hours = figures["hours"]
    median = t("hours", value=f"{statistics.median(hours):.1f}") if hours else t("no_data")
    metrics = st.columns(3)
    metrics[0].metric(t("open_tickets"), open_count)
    metrics[1].metric(t("all_tickets"), sum(figures["status"].values()))
    metrics[2].metric(t("median_resolution"), median)
    charts = st.columns(3)
    for column, (kind, codes) in zip(
        charts, (("status", STATUSES), ("priority", PRIORITIES), ("category", CATEGORIES)),
        strict=True,
    ):
        column.subheader(t(f"by_{kind}"))
        rows = [{t(kind): label(kind, code), t("count"): figures[kind].get(code, 0)}
                for code in codes]
        column.bar_chart(rows, x=t(kind), y=t("count"), sort=False)
    st.subheader(t("per_week"))
    rows = [{t("week"): week_name(week), t("opened"): opened,
             t("resolved"): figures["resolved"][week]}
            for week, opened in figures["opened"].items()]
    st.bar_chart(rows, x=t("week"), y=[t("opened"), t("resolved")], y_label=t("count"),
                 stack=False, sort=False)


def users_ui(actor: Actor) -> None:
    if not can(actor, "manage_users"):
        st.error(t("error_not_allowed"))
        return
    st.header(t("page_users"))
    st.caption(t("users_intro"))
    with connect() as db:
        users = list_users(db)
    st.dataframe(
        [{t("username"): user["username"], t("email"): user["email"],
          t("role"): label("role", user["role"]),
          t("active"): t("yes") if user["active"] else t("no"),
          t("tickets"): user["ticket_count"]} for user in users],
        hide_index=True,
    )
    create_user_ui(actor)
    manage_user_ui(actor, {user["id"]: user for user in users})


def create_user_ui(actor: Actor) -> None:
    with st.form("create_user", clear_on_submit=False):
        st.markdown(f"**{t('create_user')}**")
        left, right = st.columns(2)
        username = left.text_input(t("username"), key="cu_username")
        username_slot = left.empty()
        email = right.text_input(t("email"), key="cu_email")
        email_slot = right.empty()
        left, right = st.columns(2)
        role = pick(left, t("role"), code_names("role", ROLES), key="cu_role")
        password = right.text_input(t("initial_password"), type="password", key="cu_password")
        password_slot = right.empty()
        submitted = st.form_submit_button(t("create_user"), type="primary")
    if submitted:
        try:
            create_user(actor, username, email, role, password)
        except (FormErrors, RuleError) as error:
            field_errors({"username": username_slot, "email": email_slot,
                          "password": password_slot}, error)
        else:
            for key in ("cu_username", "cu_email", "cu_password"):
                st.session_state.pop(key, None)
            flash(t("user_created", name=md_code(username.strip())))
            st.rerun()


def manage_user_ui(actor: Actor, users: dict[int, sqlite3.Row]) -> None:
    st.subheader(t("manage_user"))
    user_id = pick(st, t("account"), {i: user["username"] for i, user in users.items()},
                   key="mu_user")
    if user_id is None:
        return
    user = users[user_id]
    with st.form("mu_role"):
        role = pick(st, t("role"), code_names("role", ROLES), key=f"mu_role_{user_id}",
                    current=user["role"])
        if st.form_submit_button(t("change_role")):
            user_action(actor, user_id, "role", role, t("role_changed"))
    with st.form("mu_password", clear_on_submit=True):
        password = st.text_input(t("new_password"), type="password", key="mu_password")
        if st.form_submit_button(t("reset_password")):
            user_action(actor, user_id, "password", password, t("password_reset"))
    left, right = st.columns(2)
    if user["active"]:
        if left.button(t("deactivate")):
            user_action(actor, user_id, "inactive", "", t("deactivated"))
    elif left.button(t("reactivate")):
        user_action(actor, user_id, "active", "", t("reactivated"))
    if right.button(t("delete_user")):
        user_action(actor, user_id, "delete", "", t("user_deleted"))


def user_action(actor: Actor, user_id: int, change: str, value: str, done: str) -> None:
    with shows_errors():
        manage_user(actor, user_id, change, value)
        flash(done)
        st.rerun()


def account_ui(actor: Actor) -> None:
    st.header(t("page_account"))
    signed_in_ui(st, actor)
    with st.form("password", clear_on_submit=True):
        st.markdown(f"**{t('change_password')}**")
        current = st.text_input(t("current_password"), type="password",
                                autocomplete="current-password")
        slots = {"current_password": st.empty()}
        new = st.text_input(t("new_password"), type="password", autocomplete="new-password")
        slots["new_password"] = st.empty()
        repeat = st.text_input(t("repeat_password"), type="password",
                               autocomplete="new-password")
        slots["repeat_password"] = st.empty()
        submitted = st.form_submit_button(t("change_password"), type="primary")
    if submitted:
        try:
            st.session_state["session_version"] = change_own_password(
                actor, current, new, repeat, st.session_state.get("browser_session"))
        except RuleError as error:
            field_errors(slots, error)
        else:
            st.success(t("password_changed"))


def session_actor() -> Actor | None:
    """The signed-in actor, re-read from the database; None after logout or timeouts."""
    user_id = st.session_state.get("user_id")
    if user_id is None:
        return resumed_actor()
    now = now_utc()
    expired = (now - st.session_state.get("seen_at", now) > IDLE_TIMEOUT
               or now - st.session_state.get("login_at", now) > ABSOLUTE_TIMEOUT)
    actor = None if expired else load_actor(user_id, st.session_state.get("session_version"))
    if actor is None:
        reset_session()
        st.session_state["flash_error"] = t("session_expired" if expired else "session_ended")
        return None
    st.session_state["seen_at"] = now
    session_id = st.session_state.get("browser_session")
    if session_id is not None and now - st.session_state.get("touched_at", now) \
            > SESSION_TOUCH_EVERY:
        note_session_use(session_id)
        st.session_state["touched_at"] = now
    return actor


def resumed_actor() -> Actor | None:
    """After a reload (a new Streamlit session): the person of a still valid session
    cookie, signed in again. A refused cookie is not asked about again."""
    cookie = (st.context.cookies or {}).get(SESSION_COOKIE)
    if not cookie or st.session_state.get("refused_cookie") == cookie:
        return None
    resumed = resume_session(cookie)
    if resumed is None:
        st.session_state["refused_cookie"] = cookie
        return None
    actor, row = resumed
    note_session_use(row["id"])
    reset_session(user_id=actor.id, session_version=actor.session_version, page="tickets",
                  login_at=datetime.fromisoformat(row["created_at"]), seen_at=now_utc(),
                  touched_at=now_utc(), browser_session=row["id"])
    if row["lang"] in LANGUAGES:
        st.session_state["lang"] = row["lang"]
    return actor


PAGES = {
    "tickets": ticket_list_ui,
    "new_ticket": new_ticket_ui,
    "dashboard": dashboard_ui,
    "users": users_ui,
    "account": account_ui,
}


def main() -> None:
    st.set_page_config(page_title="IT Help Desk", page_icon="🎫", layout="wide")
    try:
        app_ui()
    except sqlite3.DatabaseError:  # locked past the timeout, unreadable, disk full …
        LOG.exception("database error")  # the details go to the log, not to the person
        st.error(t("error_database_down"))


def app_ui() -> None:
    ensure_database(str(DB_PATH))
    actor = session_actor()
    if actor is None:
        language_ui()
        appearance_ui()
        forget_cookie_ui()
        if message := st.session_state.pop("flash_error", None):
            st.warning(message)
        with connect() as db:
            empty = count_users(db) == 0
        if empty:
            first_admin_ui()
        else:
            login_ui()
        st.stop()
    apply_url()
    apply_navigation()
    ticket_id = st.session_state.get("ticket_id")
    ticket = None
    if ticket_id is not None:  # opened before the sidebar is drawn, so its badge is current
        try:
            ticket = open_ticket(actor, int(ticket_id))
        except (RuleError, ValueError, TypeError):
            ticket = None
    # What the open ticket looked like when drawn: the live check compares against it.
    st.session_state["shown_stamp"] = (ticket["id"], ticket["updated_at"]) if ticket \
        else (None, None)
    sidebar_ui(actor)
    session_cookie_ui()
    show_in_url()
    badge_ui(actor)
    default_password_warning_ui(actor)
    show_flash()
    if ticket_id is not None:
        ticket_detail_ui(actor, ticket)
    else:
        PAGES[st.session_state["page"]](actor)


# ───────────────────────────── Archive: export and import ─────────────────────────────
# `python nano/app.py export FILE` writes the whole help desk to one archive, `... import FILE`
# loads one (from any edition) into an empty database: docs/archive-format.md. Its own SQL
# is here, beside the format, so that Nano stays one file; the checks come from the
# contract's schema (contract/archive.schema.json, beside the nano/ folder).

ARCHIVE_FORMAT, ARCHIVE_VERSION = "helpdesk-archive", 1
ARCHIVE_MEMBERS = ("users", "tickets", "comments", "changes", "unread", "attachments")
ARCHIVE_SCHEMA = Path(__file__).resolve().parent.parent / "contract" / "archive.schema.json"
ARCHIVE_REFERENCES = (  # (member, field, the member it points into)
    ("tickets", "created_by", "users"), ("tickets", "assigned_to", "users"),
    ("tickets", "last_updated_by", "users"), ("comments", "ticket_id", "tickets"),
    ("comments", "author_id", "users"), ("changes", "ticket_id", "tickets"),
    ("changes", "actor_id", "users"), ("unread", "user_id", "users"),
    ("unread", "ticket_id", "tickets"), ("attachments", "ticket_id", "tickets"),
    ("attachments", "uploaded_by", "users"),
)
ARCHIVE_STAMPS = {"users": ("created_at",), "comments": ("created_at",),
                  "changes": ("created_at",),
                  "tickets": ("created_at", "updated_at", "resolved_at")}
ARCHIVE_BOOLEANS = {"users": ("active", "default_password"), "comments": ("internal",)}
ARCHIVE_SELECTS = {
    "users": "SELECT id, username, email, role, active, password_hash, default_password, "
             "NULL AS language, NULL AS email_notifications, created_at FROM users ORDER BY id",
    "tickets": "SELECT id, title, description, category, priority, status, created_by, "
               "assigned_to, last_updated_by, created_at, updated_at, resolved_at "
               "FROM tickets ORDER BY id",
    "comments": "SELECT id, ticket_id, author_id, body, internal, created_at FROM comments "
                "ORDER BY id",
    "changes": "SELECT id, ticket_id, actor_id, field, old_value, new_value, created_at "
               "FROM ticket_changes ORDER BY id",
}
# The activity each person is told of (UNREAD_ACTIVITY's rule, for every account at once),
# newest first per (person, ticket).
TOLD_ACTIVITY = (
    "SELECT u.id AS user_id, a.ticket_id, max(a.id) AS newest FROM users u "
    "JOIN activity a ON a.actor_id != u.id AND a.created_at >= u.created_at "
    "WHERE u.role IN ('support', 'admin') GROUP BY u.id, a.ticket_id UNION ALL "
    "SELECT u.id, a.ticket_id, max(a.id) FROM users u "
    "JOIN tickets t ON t.created_by = u.id JOIN activity a ON a.ticket_id = t.id "
    "AND a.actor_id != u.id AND a.created_at >= u.created_at AND a.internal = 0 "
    "AND a.kind != 'created' WHERE u.role NOT IN ('support', 'admin') "
    "GROUP BY u.id, a.ticket_id"
)
ARCHIVE_UNREAD = (  # joined from constants only
    "SELECT told.user_id, told.ticket_id FROM (" + TOLD_ACTIVITY + ") told "  # noqa: S608
    "LEFT JOIN ticket_reads r ON r.user_id = told.user_id AND r.ticket_id = told.ticket_id "
    "WHERE told.newest > COALESCE(r.last_seen_activity, 0) ORDER BY 1, 2"
)
# Nano's activity log as its actions write it: a ticket's creation, each comment, each
# status change, in the order they happened.
REBUILD_ACTIVITY = (
    "INSERT INTO activity (ticket_id, actor_id, kind, internal, created_at) "
    "SELECT ticket_id, actor_id, kind, internal, created_at FROM ("
    "SELECT id AS ticket_id, created_by AS actor_id, 'created' AS kind, 0 AS internal, "
    "created_at, 0 AS step, id AS source FROM tickets UNION ALL "
    "SELECT ticket_id, author_id, 'comment', internal, created_at, 1, id FROM comments "
    "UNION ALL SELECT ticket_id, actor_id, 'status', 0, created_at, 2, id FROM ticket_changes "
    "WHERE field = 'status') ORDER BY created_at, step, source"
)
# Read marks that leave unread exactly the archive's pairs (in temp.archive_unread).
REBUILD_READS = (  # joined from constants only
    "INSERT INTO ticket_reads (user_id, ticket_id, last_seen_activity) "  # noqa: S608
    "SELECT told.user_id, told.ticket_id, told.newest - EXISTS (SELECT 1 FROM "
    "temp.archive_unread x WHERE x.user_id = told.user_id AND x.ticket_id = told.ticket_id) "
    "FROM (" + TOLD_ACTIVITY + ") told"
)
ARCHIVE_INSERTS = {
    "users": "INSERT INTO users (id, username, email, role, active, password_hash, "
             "default_password, created_at) VALUES (:id, :username, :email, :role, :active, "
             ":password_hash, :default_password, :created_at)",
    "tickets": "INSERT INTO tickets (id, title, description, category, priority, status, "
               "created_by, assigned_to, last_updated_by, created_at, updated_at, "
               "resolved_at) VALUES (:id, :title, :description, :category, :priority, "
               ":status, :created_by, :assigned_to, :last_updated_by, :created_at, "
               ":updated_at, :resolved_at)",
    "comments": "INSERT INTO comments (id, ticket_id, author_id, body, internal, created_at) "
                "VALUES (:id, :ticket_id, :author_id, :body, :internal, :created_at)",
    "changes": "INSERT INTO ticket_changes (id, ticket_id, actor_id, field, old_value, "
               "new_value, created_at) VALUES (:id, :ticket_id, :actor_id, :field, "
               ":old_value, :new_value, :created_at)",
}


class ArchiveError(Exception):
    """An archive that cannot be read or loaded; the message says why, for people."""


def bar(total: int, what: str):
    """A progress bar on a terminal (none when stderr is a file or a pipe)."""
    from tqdm import tqdm

    return tqdm(total=total, desc=what, unit=" lines", disable=not sys.stderr.isatty(),
                leave=False)


def archive_stamp(stamp: str | None) -> str | None:
    """Nano's "…+00:00" as the archive's "…Z" (and back with nano_stamp)."""
    if stamp is None:
        return None
    return datetime.fromisoformat(stamp).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def nano_stamp(stamp: str | None) -> str | None:
    return None if stamp is None else iso(datetime.fromisoformat(stamp))


def archive_checks() -> dict:
    """One compiled check per record type (and the manifest), from the contract's schema."""
    import fastjsonschema

    try:
        schema = json.loads(ARCHIVE_SCHEMA.read_text(encoding="utf-8"))
    except OSError as error:
        raise ArchiveError(f"Export and import need {ARCHIVE_SCHEMA} ({error}).") from None
    return {kind: fastjsonschema.compile({**schema, "$ref": f"#/$defs/{kind}"})
            for kind in ("manifest", *ARCHIVE_MEMBERS)}


def export_archive(path: str | Path, db_path: Path | None = None) -> dict[str, int]:
    """Write the whole database to the archive `path`; returns the counts per member."""
    with connect(db_path) as db:
        db.execute("BEGIN")  # one snapshot of every table
        queries = {**ARCHIVE_SELECTS, "unread": ARCHIVE_UNREAD}
        records = {name: map(partial(archive_record, name), db.execute(query))
                   for name, query in queries.items()}
        return write_archive(Path(path), records)


def archive_record(name: str, row: sqlite3.Row) -> dict:
    record = dict(row)
    for column in ARCHIVE_BOOLEANS.get(name, ()):
        record[column] = bool(record[column])
    for column in ARCHIVE_STAMPS.get(name, ()):
        record[column] = archive_stamp(record[column])
    return record


def write_archive(path: Path, records: dict[str, Iterable[dict]]) -> dict[str, int]:
    """The members and the manifest, written aside and renamed when complete."""
    handle, partial = tempfile.mkstemp(dir=path.parent, suffix=".partial")
    os.close(handle)
    counts, digests = {}, {}
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in ARCHIVE_MEMBERS:
                digest, counts[name] = hashlib.sha256(), 0
                with archive.open(f"{name}.jsonl", "w") as member, bar(0, name) as shown:
                    for record in records.get(name, ()):
                        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
                        data = (line + "\n").encode()
                        member.write(data)
                        digest.update(data)
                        counts[name] += 1
                        shown.update()
                digests[f"{name}.jsonl"] = digest.hexdigest()
            archive.writestr("manifest.json", json.dumps({
                "format": ARCHIVE_FORMAT, "version": ARCHIVE_VERSION, "source_edition": "nano",
                "exported_at": archive_stamp(iso(now_utc())), "counts": counts,
                "sha256": digests}, indent=2) + "\n")
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return counts


def read_archive(path: str | Path) -> tuple[dict, dict[str, list[dict]]]:
    """The manifest and every record, all checked before anything is written: the ZIP,
    format and version, counts and checksums, each line against the schema, ids unique
    and ascending, and every reference to an account or ticket present."""
    checks = archive_checks()
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                manifest = json.loads(archive.read("manifest.json"))
            except KeyError:
                raise ArchiveError("This is no help-desk archive: it has no manifest.json.") \
                    from None
            if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
                raise ArchiveError("This is no help-desk archive: manifest.json does not say "
                                   f"format {ARCHIVE_FORMAT!r}.")
            if manifest.get("version") != ARCHIVE_VERSION:
                raise ArchiveError(f"The archive has format version {manifest.get('version')!r};"
                                   f" this edition reads version {ARCHIVE_VERSION} only.")
            check_record(checks, "manifest", manifest, "manifest.json")
            records = {name: read_lines(archive, manifest, name, checks)
                       for name in ARCHIVE_MEMBERS}
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise ArchiveError(f"{path} is not a readable archive: the ZIP file is corrupted or "
                           f"truncated ({error}).") from None
    except FileNotFoundError:
        raise ArchiveError(f"There is no file {path}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArchiveError(f"manifest.json is not valid JSON ({error}).") from None
    check_archive_links(records)
    return manifest, records


def check_record(checks: dict, kind: str, value: object, where: str) -> None:
    import fastjsonschema

    try:
        checks[kind](value)
    except fastjsonschema.JsonSchemaException as error:
        raise ArchiveError(f"{where}: {error.message.replace('data', kind, 1)}.") from None


def read_lines(archive: zipfile.ZipFile, manifest: dict, name: str,
               checks: dict) -> list[dict]:
    member = f"{name}.jsonl"
    if member not in archive.namelist():
        raise ArchiveError(f"The archive has no {member}.")
    data = archive.read(member)
    if hashlib.sha256(data).hexdigest() != manifest["sha256"][member]:
        raise ArchiveError(f"{member} does not match its checksum in manifest.json: the "
                           "archive was changed or damaged.")
    lines = data.split(b"\n") if data else []
    if lines and lines[-1] == b"":
        lines.pop()
    if len(lines) != manifest["counts"][name]:
        raise ArchiveError(f"{member} has {len(lines)} lines; manifest.json counts "
                           f"{manifest['counts'][name]}.")
    records = []
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ArchiveError(f"{member} line {number} is not a JSON object ({error}).") \
                from None
        check_record(checks, name, record, f"{member} line {number}")
        records.append(record)
    return records


def check_archive_links(records: dict[str, list[dict]]) -> None:
    for name, rows in records.items():
        keys = [(r["user_id"], r["ticket_id"]) if name == "unread" else r["id"] for r in rows]
        for number, (before, key) in enumerate(itertools.pairwise(keys), start=2):
            if key <= before:
                raise ArchiveError(f"{name}.jsonl line {number}: id {key} is not above the "
                                   f"line before ({before}); ids must be unique and ascending.")
    known = {name: {r["id"] for r in records[name]} for name in ("users", "tickets")}
    for member, column, target in ARCHIVE_REFERENCES:
        for number, record in enumerate(records[member], start=1):
            if record[column] is not None and record[column] not in known[target]:
                raise ArchiveError(f"{member}.jsonl line {number}: {column} {record[column]} "
                                   f"is not in {target}.jsonl.")


def import_archive(path: str | Path, *, drop_attachments: bool = False,
                   db_path: Path | None = None) -> tuple[dict[str, int], list[str]]:
    """Load the archive into the empty database in one transaction, ids kept; returns the
    counts and the report's notes. ArchiveError, and nothing changed, when it cannot."""
    manifest, records = read_archive(path)
    counts, notes = dict(manifest["counts"]), []
    if records["attachments"]:
        if not drop_attachments:
            raise ArchiveError(
                f"The archive holds {len(records['attachments'])} attachments, and Nano has "
                "no place for files. Nothing was imported. Run the import again with "
                "--drop-attachments to load everything else without them.")
        notes.append(f"Left out {counts['attachments']} attachments (--drop-attachments).")
        counts["attachments"] = 0
    kept = [setting for setting in ("language", "email_notifications")
            if any(user[setting] is not None for user in records["users"])]
    if kept:
        notes.append("Nano keeps no per-person " + " or ".join(kept).replace("_", " ")
                     + ": those settings of the archive's accounts are not carried over.")
    with connect(db_path) as db:
        write(db)
        refuse_unless_empty(db)
        db.execute("DELETE FROM users")  # only untouched demo accounts were there
        try:
            load_archive(db, records)
        except sqlite3.IntegrityError as error:
            raise ArchiveError(f"The archive does not fit Nano's database ({error}); nothing "
                               "was imported.") from None
        unshown = len(records["unread"]) - db.execute(
            "SELECT count(*) FROM (" + ARCHIVE_UNREAD + ")").fetchone()[0]  # noqa: S608
        if unshown:
            notes.append(f"{unshown} unread marks are on activity that Nano does not tell "
                         "about (such as a changed priority): those tickets show as read.")
    return counts, notes


def refuse_unless_empty(db: sqlite3.Connection) -> None:
    tickets = db.execute("SELECT count(*) FROM tickets").fetchone()[0]
    demo = {(username, role) for username, _, role, _ in DEMO_ACCOUNTS}
    accounts = [row["username"] for row in db.execute(
        "SELECT username, role, default_password FROM users ORDER BY id")
        if (row["username"], row["role"]) not in demo or not row["default_password"]]
    held = ([f"{tickets} tickets"] if tickets else []) + (
        [f"{len(accounts)} accounts besides the untouched demo accounts "
         f"({', '.join(accounts[:5])}{', …' if len(accounts) > 5 else ''})"] if accounts else [])
    if held:
        raise ArchiveError(f"The database is not empty: it holds {' and '.join(held)}. An "
                           "import loads only into an empty database (merging is not "
                           "supported); nothing was imported.")


def load_archive(db: sqlite3.Connection, records: dict[str, list[dict]]) -> None:
    for name, statement in ARCHIVE_INSERTS.items():
        stamps = ARCHIVE_STAMPS.get(name, ())
        with bar(len(records[name]), f"loading {name}") as shown:
            for start in range(0, len(records[name]), 5000):
                chunk = [{**r, **{c: nano_stamp(r[c]) for c in stamps}}
                         for r in records[name][start:start + 5000]]
                db.executemany(statement, chunk)
                shown.update(len(chunk))
    db.execute(REBUILD_ACTIVITY)
    db.execute("CREATE TEMP TABLE archive_unread (user_id INTEGER, ticket_id INTEGER, "
               "PRIMARY KEY (user_id, ticket_id))")
    db.executemany("INSERT INTO temp.archive_unread VALUES (:user_id, :ticket_id)",
                   records["unread"])
    db.execute(REBUILD_READS)
    db.execute("DROP TABLE temp.archive_unread")


def archive_command(arguments: list[str]) -> int:
    """`python nano/app.py export FILE` / `import FILE [--drop-attachments]`."""
    parser = argparse.ArgumentParser(prog="python nano/app.py", description=(
        "Write the help desk to an archive, or load one into an empty database "
        "(docs/archive-format.md). The database is NANO_DB_PATH or tickets.db beside app.py."))
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("export", help="write the whole help desk to FILE").add_argument("file")
    loader = commands.add_parser("import", help="load FILE into this empty database")
    loader.add_argument("file")
    loader.add_argument("--drop-attachments", action="store_true",
                        help="load an archive with attachments, leaving the files out")
    options = parser.parse_args(arguments)
    try:
        init_db(DB_PATH)
        if options.command == "export":
            counts = export_archive(options.file)
            print(f"Exported to {options.file}: {archive_counts(counts)}.")
        else:
            counts, notes = import_archive(options.file,
                                           drop_attachments=options.drop_attachments)
            print(f"Imported from {options.file}: {archive_counts(counts)}.")
            print(*notes, sep="\n", end="\n" if notes else "")
    except (ArchiveError, OSError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


def archive_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {name}" for name, count in counts.items())


# ───────────────────────────── Session cookie route ─────────────────────────────
# One small HTTP route on Streamlit's own server (st.App, Starlette): a script cannot set
# an HttpOnly cookie, a response can.


def same_origin(request: Request) -> bool:
    """Only this app's own page may trade tokens or drop its cookie (no cross-site
    requests: login CSRF, logout CSRF)."""
    host = request.headers.get("host", "")
    site = request.headers.get("sec-fetch-site", "same-origin")
    return site == "same-origin" and request.headers.get("origin") in (
        f"http://{host}", f"https://{host}")


@cache
def route_database(path: str) -> None:
    """The database, for a request that may come before any page run (uvicorn imports this
    file once as a module, so a plain cache lasts; the page runs use ensure_database)."""
    init_db(Path(path))


async def session_route(request: Request) -> Response:
    """POST: hand-off token in the body -> the session cookie. DELETE: forget the cookie.
    403 for anything else; nothing here ever answers with a token in the body."""
    if not same_origin(request):
        return Response(status_code=403)
    await run_in_threadpool(route_database, str(DB_PATH))
    if request.method == "DELETE":
        await run_in_threadpool(forget_cookie, request.cookies.get(SESSION_COOKIE, ""))
        response = Response(status_code=204, headers={"Cache-Control": "no-store"})
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
        return response
    handoff = (await request.body())[:200].decode("ascii", "replace")
    issued = await run_in_threadpool(redeem_handoff, handoff)
    if issued is None:
        return Response(status_code=403)
    value, max_age = issued
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.set_cookie(SESSION_COOKIE, value, max_age=max_age, path="/", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")
    return response


SESSION_ROUTES = [Route(SESSION_PATH, session_route, methods=["POST", "DELETE"])]


# ───────────────────────────── Launcher ─────────────────────────────


def lan_address() -> str:
    """This machine's address on the LAN (what `hostname -I` lists first), without sending
    a packet anywhere."""
    try:
        listed = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=2,
                                check=False).stdout.split()
    except (OSError, subprocess.SubprocessError):
        listed = []
    addresses = [address for address in listed if "." in address and
                 not address.startswith("127.")]
    return addresses[0] if addresses else "SERVER-IP"


def launch(arguments: list[str]) -> None:
    """`python nano/app.py [streamlit options]`: start Streamlit on this very file."""
    from streamlit.web import cli

    options = dict(itertools.pairwise(arguments))
    port = options.get("--server.port", str(DEFAULT_PORT))
    address = options.get("--server.address", "0.0.0.0")  # noqa: S104 (LAN use is the point)
    where = f"IT Help Desk (Nano): http://localhost:{port}"
    if address in ("0.0.0.0", "::", ""):  # noqa: S104
        where += f"  ·  colleagues on the LAN: http://{lan_address()}:{port}"
    print(where, flush=True)
    sys.argv = [
        "streamlit", "run", str(Path(__file__).resolve()),
        "--server.port", str(DEFAULT_PORT), "--server.headless", "true",
        "--theme.base", "dark", "--browser.gatherUsageStats", "false",
        # A light theme of its own makes light selectable (Streamlit's menu, "Appearance"),
        # with text dark enough that captions keep 4.5:1 on white.
        "--theme.light.textColor", LIGHT_TEXT,
        # People see a plain message, never a traceback (it goes to the log); no developer
        # menu for colleagues on the LAN.
        "--client.showErrorDetails", "none", "--client.toolbarMode", "viewer",
        *arguments,  # later options win, so the caller can override any of the above
    ]
    sys.exit(cli.main())


# `streamlit run` finds this assignment and serves `app`: Streamlit plus the session route
# (uvicorn imports this file as a module for it). The script runs need no server object.
if not runtime.exists():
    app = st.App(__file__, routes=SESSION_ROUTES)

if __name__ == "__main__":
    if runtime.exists():  # `streamlit run` or AppTest: render the app
        main()
    elif sys.argv[1:2] in (["export"], ["import"]):  # docs/archive-format.md
        sys.exit(archive_command(sys.argv[1:]))
    else:  # `python nano/app.py`: start Streamlit on ourselves
        launch(sys.argv[1:])

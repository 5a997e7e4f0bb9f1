"""English and German: the locale and time zone of a request, labels for codes, and the
catalogs, which are compiled from the `.po` sources into the instance folder at start."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, request
from flask_babel import format_datetime, get_locale, lazy_gettext

from .extensions import babel

LANGUAGES = ("en", "de")
SOURCE_DIR = Path(__file__).parent / "translations"

LABELS = {
    "status": {"new": lazy_gettext("New"), "in_progress": lazy_gettext("In progress"),
               "resolved": lazy_gettext("Resolved"), "closed": lazy_gettext("Closed")},
    "priority": {"low": lazy_gettext("Low"), "medium": lazy_gettext("Medium"),
                 "high": lazy_gettext("High")},
    "category": {"bug": lazy_gettext("Bug"), "feature": lazy_gettext("Feature"),
                 "support": lazy_gettext("Support")},
    "role": {"user": lazy_gettext("User"), "support": lazy_gettext("Support"),
             "admin": lazy_gettext("Administrator")},
}


def label(kind: str, code: str | None) -> str:
    return str(LABELS[kind].get(code or "", code or ""))


def select_locale() -> str:
    chosen = request.cookies.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or "en"


def select_timezone() -> str | None:
    """The browser's zone (a cookie written by app.js), else the configured default."""
    name = request.cookies.get("tz", "")
    if not name or len(name) > 64:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def local_time(value: str | None) -> str:
    if not value:
        return ""
    return format_datetime(datetime.fromisoformat(value), "short")


def compile_catalogs(target: Path) -> None:
    """Build each `.mo` from its `.po` when missing or older (no binaries in git)."""
    for po_path in SOURCE_DIR.glob("*/LC_MESSAGES/messages.po"):
        mo_path = target / po_path.relative_to(SOURCE_DIR).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as source:
            catalog = read_po(source)
        temporary = mo_path.with_suffix(f".{id(catalog)}.tmp")
        with temporary.open("wb") as out:
            write_mo(out, catalog)
        temporary.replace(mo_path)  # atomic, so two workers starting at once do not clash


def init_app(app: Flask) -> None:
    target = Path(app.instance_path) / "translations"
    compile_catalogs(target)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(target)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.globals.update(label=label, get_locale=get_locale, LANGUAGES=LANGUAGES)
    app.jinja_env.filters["local_time"] = local_time

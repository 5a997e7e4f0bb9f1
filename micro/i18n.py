"""English and German: the locale and time zone of a request, labels for codes, and the
catalogs, which are compiled from the `.po` sources into the instance folder at start."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote
from zoneinfo import available_timezones

import pytz
from babel.core import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from flask import Flask, request
from flask.globals import _cv_request
from flask_babel import get_locale, get_timezone, get_translations, lazy_gettext
from markupsafe import Markup
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from .extensions import babel
from .memo import BoundedMemo

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


TIME_FORMATS = {"en": "%Y-%m-%d %H:%M", "de": "%d.%m.%Y %H:%M"}

# Page rendering asks for many short strings; looking the catalog up through Flask-Babel's
# context helpers each time costs more than the rest of the page, so each request looks
# it up once (on `g`), and labels are memoised per language.
_label_cache: BoundedMemo[tuple[str, str, str], str] = BoundedMemo(1000)


class Localisation(NamedTuple):
    """What a request's language and time zone select: Flask-Babel's objects."""

    language: str
    catalog: Translations
    zone: tzinfo
    locale: Locale


# The request context the localisation was looked up for, and the localisation.
_request_i18n: ContextVar[tuple[object, Localisation] | None] = \
    ContextVar("micro_i18n", default=None)


def _request_state() -> Localisation:
    """The current request's localisation, looked up once per request."""
    context = _cv_request.get(None)
    cached = _request_i18n.get()
    if cached is None or cached[0] is not context:
        cached = (context, _look_up(context))
        _request_i18n.set(cached)
    return cached[1]


def _look_up(context) -> Localisation:
    """Language, catalog, zone and Locale for the selectors' answers: Flask-Babel's objects,
    kept per app and answer (finding them through Flask-Babel cost more than a page's
    text)."""
    if context is None:
        locale = get_locale()
        return Localisation(str(locale), get_translations(), get_timezone(), locale)
    known = context.app.extensions.setdefault("micro_i18n", BoundedMemo(1000))
    key = (select_locale(), select_timezone())
    found = known.get(key)
    if found is None:
        locale = get_locale()
        found = known.keep(key, Localisation(str(locale), get_translations(), get_timezone(),
                                             locale))
    return found


def current_language() -> str:
    return _request_state().language


def request_locale() -> Locale:
    """Flask-Babel's get_locale() of the current request, looked up once (templates)."""
    return _request_state().locale


def fast_gettext(message: str) -> str:
    return _request_state().catalog.ugettext(message)


def fast_ngettext(singular: str, plural: str, number: int) -> str:
    return _request_state().catalog.ungettext(singular, plural, number)


# What `_()` gave in a template, per language and message (only messages without
# variables, i.e. a fixed set: the string literals of the templates).
_template_text: BoundedMemo[tuple[str, str], Markup] = BoundedMemo(4000)


def template_gettext(message: str, /, **variables: object) -> Markup:
    """`_()` and `gettext()` in templates, with the meaning of Jinja's "newstyle" gettext
    (the translation is markup, the variables are escaped into it, `%%` is a percent sign),
    but a plain function: Jinja's own goes through three context calls per string, which
    cost more than the rest of a page's text. The catalogs are the app's own (trusted, as
    with Jinja's); what goes into them is escaped by `%`."""
    if variables:
        return Markup(_request_state().catalog.ugettext(message)) % variables  # noqa: S704
    key = (_request_state().language, message)
    text = _template_text.get(key)
    if text is None:
        text = _template_text.keep(key, Markup(fast_gettext(message)) % {})  # noqa: S704
    return text


def template_ngettext(singular: str, plural: str, number: int, /,
                      **variables: object) -> Markup:
    """`ngettext()` in templates, as Jinja's newstyle one (`num` is the number)."""
    variables.setdefault("num", number)
    return Markup(fast_ngettext(singular, plural, number)) % variables  # noqa: S704


def label(kind: str, code: str | None) -> str:
    """The label of a stored code in the current language (the code if unknown)."""
    key = (_request_state().language, kind, code or "")
    text = _label_cache.get(key)
    if text is None:
        text = _label_cache.keep(key, str(LABELS[kind].get(code or "", code or "")))
    return text


def select_locale() -> str:
    cookies = request.cookies
    # Not cookies.get(): werkzeug's get() raises and catches an exception when missing.
    chosen = cookies["lang"] if "lang" in cookies else None  # noqa: SIM401
    if chosen in LANGUAGES:
        return chosen
    return best_language(request.environ.get("HTTP_ACCEPT_LANGUAGE"))


@lru_cache(maxsize=256)
def best_language(accept_language: str | None) -> str:
    """The language for an Accept-Language header (werkzeug's request.accept_languages
    and best_match), memoised: browsers send the same few headers on every request."""
    return parse_accept_header(accept_language, LanguageAccept).best_match(LANGUAGES) or "en"


@lru_cache(maxsize=1)
def known_time_zones() -> frozenset[str]:
    """The zone names both zoneinfo and pytz (Flask-Babel's) know. A name outside this set
    is never opened: `ZoneInfo("Europe")` raises IsADirectoryError, and pytz refuses
    "Factory" and "posixrules", which zoneinfo would take."""
    return frozenset(available_timezones() & pytz.all_timezones_set)


@lru_cache(maxsize=256)
def time_zone_from_cookie(value: str) -> str | None:
    """The zone a `tz` cookie names, or None. app.js writes encodeURIComponent(zone)
    ("Europe%2FBerlin"); a plain name is taken as well."""
    name = unquote(value[:100], errors="strict") if "%" in value else value
    return name if name in known_time_zones() else None


def select_timezone() -> str | None:
    """The browser's zone (a cookie written by app.js), else the configured default."""
    cookies = request.cookies
    value = cookies["tz"] if "tz" in cookies else ""  # noqa: SIM401 (as in select_locale)
    if not value:
        return None
    try:
        return time_zone_from_cookie(value)
    except UnicodeDecodeError:
        return None


_choices_cache: BoundedMemo[tuple[str, str], tuple[tuple[str, str], ...]] = BoundedMemo(100)


def choices(kind: str) -> tuple[tuple[str, str], ...]:
    """(code, label) pairs of one kind of code, in the current language, for a select."""
    key = (_request_state().language, kind)
    found = _choices_cache.get(key)
    if found is None:
        found = _choices_cache.keep(key, tuple((code, label(kind, code))
                                               for code in LABELS[kind]))
    return found


def local_time(value: str | None) -> str:
    """A stored UTC timestamp in the viewer's time zone and the language's date format."""
    if not value:
        return ""
    state = _request_state()
    return format_time(value, state.zone, state.language)


def current_time_zone() -> tzinfo:
    """The viewer's time zone (see select_timezone)."""
    return _request_state().zone


@lru_cache(maxsize=4096)
def format_time(value: str, zone: tzinfo, language: str) -> str:
    """local_time() with the zone and the language given."""
    # Memoised: a list page shows the same few dozen timestamps to every viewer again and
    # again, and parsing, converting and formatting one costs microseconds each time.
    return datetime.fromisoformat(value).astimezone(zone).strftime(
        TIME_FORMATS.get(language, TIME_FORMATS["en"]))


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
    app.jinja_env.install_gettext_callables(fast_gettext, fast_ngettext, newstyle=True)
    if app.config.get("SPEEDUPS", True):  # else Jinja's own newstyle gettext
        app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext,
                                     ngettext=template_ngettext)
    app.jinja_env.globals.update(label=label, choices=choices, get_locale=request_locale,
                                 LANGUAGES=LANGUAGES)
    app.jinja_env.filters["local_time"] = local_time

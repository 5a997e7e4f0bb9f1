"""Each edition's own copy of the product facts, read into the contract's shape.

The readers import an edition's modules where importing starts nothing (Nano's app.py,
Micro's package, Native's `helpdesk`), and read the SPA's TypeScript and Micro's German
catalogue with small strict parsers: a line they cannot read fails the test instead of
being skipped. Rules (username, e-mail, password) are read as behaviour: the edition's
own validator is asked about the same probe values as the contract's rule.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, get_args

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_PATH = ROOT / "contract" / "product.toml"
SPA = ROOT / "native" / "frontend" / "src"
MICRO_CATALOGUE = ROOT / "micro" / "translations" / "de" / "LC_MESSAGES" / "messages.po"
CODE_KINDS = ("role", "status", "priority", "category")


@cache
def contract() -> dict[str, Any]:
    return tomllib.loads(CONTRACT_PATH.read_text(encoding="utf-8"))


def steps(pairs: Any) -> set[tuple[str, str]]:
    return {(a, b) for a, b in pairs}


# ─────────────── the contract's rules, as predicates on probe values ───────────────

USERNAME_PROBES = ("ab", "abc", "a" * 63, "a" * 64, "a" * 65, "first.last@corp", "a_b-c.d",
                   "with space", "tab\tname", "ümlaut", "semi;colon", "quote'd", "<b>", "")
EMAIL_PROBES = ("", "a@b.co", "first.last@example.com", "no-at-sign", "a@b", "a b@c.de",
                "<a>@b.de", "a@@b.de", "x" * 245 + "@b.co", "x" * 248 + "@b.co")
PASSWORD_PROBES = ("", "1234567", "12345678", "x" * 256, "x" * 257, "Frieda", "frieda-user")
PASSWORD_USERNAME = "frieda"


def contract_accepts_username(name: str) -> bool:
    rule = contract()["username"]
    return re.fullmatch(f"[{rule['characters']}]{{{rule['min']},{rule['max']}}}", name) is not None


def contract_accepts_email(address: str) -> bool:
    rule = contract()["email"]
    if not address:
        return not rule["required"]
    return len(address) <= rule["max"] and re.fullmatch(rule["pattern"], address) is not None


def contract_accepts_password(password: str, username: str) -> bool:
    limits = contract()["limits"]
    return (limits["password_min"] <= len(password) <= limits["password_max"]
            and password.strip().lower() != username.strip().lower())


def verdicts(accepts: Callable[..., bool], probes: tuple[str, ...], *extra: str) -> dict:
    return {probe: accepts(probe, *extra) for probe in probes}


def refuses(check: Callable[[], object], errors: tuple[type[BaseException], ...]) -> bool:
    try:
        check()
    except errors:
        return True
    return False


# ─────────────── what one edition states ───────────────

@dataclass
class Copy:
    """One edition's facts; a section it does not have stays None and is not compared."""

    codes: dict[str, list[str]] | None = None
    workflow: dict[str, set[tuple[str, str]]] | None = None
    limits: dict[str, int] | None = None
    lockout: dict[str, int] | None = None
    demo_accounts: list[dict[str, str]] | None = None
    code_labels: dict[str, dict[str, dict[str, str]]] | None = None
    ui_labels: dict[str, dict[str, str]] | None = None
    username: dict[str, bool] | None = None
    email: dict[str, bool] | None = None
    password: dict[str, bool] | None = None
    # Further copies of the codes: schema CHECKs, API types ({place: {kind: [codes]}}).
    code_copies: dict[str, dict[str, list[str]]] = field(default_factory=dict)


def check_lists(sql: str) -> dict[str, list[str]]:
    """The allowed values of every `column ... CHECK (column IN ('a', 'b'))` in SQL."""
    found = {}
    for column, values in re.findall(r"CHECK \((\w+) IN \(([^)]*)\)\)", sql):
        found[column] = re.findall(r"'([^']*)'", values)
    return found


# ─────────────── Nano ───────────────

@cache
def nano_module() -> ModuleType:
    """nano/app.py as a module: its launcher only runs as a script."""
    spec = importlib.util.spec_from_file_location("nano_contract", ROOT / "nano" / "app.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


# Which TEXTS key shows each shared word of the contract.
NANO_UI_KEYS = {
    "log_in": "log_in", "log_out": "log_out", "username": "username", "password": "password",
    "tickets": "page_tickets", "new_ticket": "page_new_ticket", "create_ticket": "create_ticket",
    "dashboard": "page_dashboard", "users": "page_users", "create_account": "create_user",
    "title": "title", "description": "description", "category": "category",
    "priority": "priority", "status": "status", "assignee": "assignee", "role": "role",
    "email": "email", "initial_password": "initial_password",
    "change_password": "change_password", "cancel": "cancel",
}


def nano_copy() -> Copy:
    nano = nano_module()
    texts = nano.TEXTS
    rule_error = (nano.RuleError,)
    schema = check_lists(nano.SCHEMA)
    return Copy(
        codes={"roles": list(nano.ROLES), "staff_roles": list(nano.STAFF_ROLES),
               "statuses": list(nano.STATUSES), "priorities": list(nano.PRIORITIES),
               "categories": list(nano.CATEGORIES), "languages": list(nano.LANGUAGES)},
        workflow={"staff": set(nano.STAFF_TRANSITIONS),
                  "reporter": set(nano.CREATOR_TRANSITIONS)},
        limits={"title_max": nano.TITLE_MAX, "text_max": nano.TEXT_MAX,
                "password_min": nano.PASSWORD_MIN, "password_max": nano.PASSWORD_MAX},
        lockout={"account_failures": nano.LOCK_AFTER_FAILURES,
                 "client_failures": nano.LOCK_AFTER_CLIENT_FAILURES,
                 "lock_minutes": nano.LOCK_MINUTES},
        demo_accounts=[{"username": u, "password": p, "role": r, "email": e}
                       for u, e, r, p in nano.DEMO_ACCOUNTS],
        code_labels={kind: {code: {lang: texts[lang][f"{kind}_{code}"] for lang in texts}
                            for code in contract()["labels"][kind]} for kind in CODE_KINDS},
        ui_labels={word: {lang: texts[lang][key] for lang in texts}
                   for word, key in NANO_UI_KEYS.items()},
        username={name: not refuses(lambda name=name: nano.clean_username(name), rule_error)
                  for name in USERNAME_PROBES},
        email={address: not refuses(lambda a=address: nano.clean_email(a), rule_error)
               for address in EMAIL_PROBES},
        password={pw: not refuses(lambda pw=pw: nano.check_password(pw, PASSWORD_USERNAME),
                                  rule_error) for pw in PASSWORD_PROBES},
        code_copies={"SCHEMA CHECKs": {"roles": schema["role"], "statuses": schema["status"],
                                       "priorities": schema["priority"],
                                       "categories": schema["category"]}},
    )


# ─────────────── Micro ───────────────

def po_catalogue(path: Path = MICRO_CATALOGUE) -> dict[str, str]:
    """msgid → msgstr of a .po file, read with Babel (the reader Micro compiles with)."""
    from babel.messages.pofile import read_po

    with path.open("rb") as source:
        catalogue = read_po(source)
    return {message.id: message.string for message in catalogue
            if message.id and isinstance(message.id, str)}


# The template that shows each shared word (as `_("<English word>")`).
MICRO_UI_TEMPLATES = {
    "log_in": "auth/login.html", "log_out": "base.html", "username": "auth/login.html",
    "password": "auth/login.html", "tickets": "base.html", "new_ticket": "base.html",
    "create_ticket": "tickets/new.html", "dashboard": "base.html", "users": "base.html",
    "create_account": "admin/new_user.html", "title": "tickets/new.html",
    "description": "tickets/new.html", "category": "tickets/new.html",
    "priority": "tickets/new.html", "status": "tickets/list.html",
    "assignee": "tickets/list.html", "role": "admin/new_user.html",
    "email": "admin/new_user.html", "initial_password": "admin/new_user.html",
    "change_password": "base.html", "cancel": "tickets/new.html",
}


def micro_ui_labels() -> dict[str, dict[str, str]]:
    """The English word each template shows and its German msgstr; a word whose English
    text is not in its template reads as missing."""
    catalogue = po_catalogue()
    labels = {}
    for word, template in MICRO_UI_TEMPLATES.items():
        source = (ROOT / "micro" / "templates" / template).read_text(encoding="utf-8")
        english = contract()["labels"]["ui"][word]["en"]
        shown = english if re.search(rf"""_\((["']){re.escape(english)}\1\)""", source) \
            else f"(not in {template})"
        labels[word] = {"en": shown, "de": catalogue.get(shown, "(no msgstr)")}
    return labels


def micro_copy(config: dict[str, Any]) -> Copy:
    """Micro's facts; `config` is a created app's configuration (its lockout settings)."""
    from micro import domain, i18n

    catalogue = po_catalogue()

    def both(lazy: Any) -> dict[str, str]:
        msgid = lazy._args[0]  # flask_babel's LazyString keeps the msgid it translates
        return {"en": msgid, "de": catalogue.get(msgid, "(no msgstr)")}

    schema = check_lists((ROOT / "micro" / "schema.sql").read_text(encoding="utf-8"))
    domain_error = (domain.DomainError,)
    lock_seconds = config["LOGIN_LOCK_SECONDS"]
    return Copy(
        codes={"roles": list(domain.ROLES), "staff_roles": list(domain.STAFF_ROLES),
               "statuses": list(domain.STATUSES), "priorities": list(domain.PRIORITIES),
               "categories": list(domain.CATEGORIES), "languages": list(i18n.LANGUAGES)},
        workflow={"staff": set(domain.STAFF_TRANSITIONS),
                  "reporter": set(domain.CREATOR_TRANSITIONS)},
        limits={"title_max": domain.TITLE_MAX,
                # One limit for descriptions and comments.
                "text_max": domain.DESCRIPTION_MAX
                if domain.DESCRIPTION_MAX == domain.COMMENT_MAX else -1,
                "password_min": domain.PASSWORD_MIN, "password_max": domain.PASSWORD_MAX},
        lockout={"account_failures": config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
                 "client_failures": config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
                 "lock_minutes": lock_seconds // 60 if lock_seconds % 60 == 0 else -1},
        demo_accounts=[{"username": u, "password": p, "role": r, "email": e}
                       for u, p, r, e in domain.DEMO_ACCOUNTS],
        code_labels={kind: {code: both(lazy) for code, lazy in i18n.LABELS[kind].items()}
                     for kind in CODE_KINDS},
        ui_labels=micro_ui_labels(),
        username={name: not refuses(lambda n=name: domain.validate_username(n), domain_error)
                  for name in USERNAME_PROBES},
        email={address: not refuses(lambda a=address: domain.validate_email(a), domain_error)
               for address in EMAIL_PROBES},
        password={pw: not refuses(lambda pw=pw: domain.validate_password(pw, PASSWORD_USERNAME),
                                  domain_error) for pw in PASSWORD_PROBES},
        code_copies={"schema.sql CHECKs": {"roles": schema["role"],
                                           "statuses": schema["status"],
                                           "priorities": schema["priority"],
                                           "categories": schema["category"]}},
    )


# ─────────────── Native (API) ───────────────

def rate_limit(text: str) -> tuple[int, int]:
    """("5 per 15 minutes") → (5, 15): Flask-Limiter's count and window in minutes."""
    match = re.fullmatch(r"(\d+) per (\d+) minutes?", text.strip())
    if match is None:
        return -1, -1
    return int(match.group(1)), int(match.group(2))


def model_checks(model: Any) -> dict[str, list[str]]:
    from sqlalchemy import CheckConstraint

    sql = " ".join(f"CHECK ({constraint.sqltext})" for constraint in model.__table__.constraints
                   if isinstance(constraint, CheckConstraint))
    return check_lists(sql)


def native_copy() -> Copy:
    from helpdesk import config, domain
    from helpdesk.schemas import LongText, Password, Title
    from helpdesk.tickets import schemas as ticket_schemas
    from helpdesk.tickets.models import Ticket
    from helpdesk.users import schemas as user_schemas
    from helpdesk.users.models import User
    from helpdesk.users.service import DEMO_ACCOUNTS
    from pydantic import TypeAdapter, ValidationError

    settings = config.from_env({})
    account_count, account_window = rate_limit(settings["RATELIMIT_LOGIN_ACCOUNT"])
    client_count, client_window = rate_limit(settings["RATELIMIT_LOGIN_CLIENT"])
    username, email = TypeAdapter(user_schemas.Username), TypeAdapter(user_schemas.Email)
    password = TypeAdapter(Password)
    invalid = (ValidationError,)

    def password_ok(value: str) -> bool:
        return (not refuses(lambda: password.validate_python(value), invalid)
                and domain.password_problem(value, PASSWORD_USERNAME) is None)

    tickets, users = model_checks(Ticket), model_checks(User)
    return Copy(
        codes={"roles": list(domain.ROLES), "staff_roles": sorted(domain.STAFF_ROLES,
                                                                   key=domain.ROLES.index),
               "statuses": list(domain.STATUSES), "priorities": list(domain.PRIORITIES),
               "categories": list(domain.CATEGORIES), "languages": list(domain.LANGUAGES)},
        workflow={"staff": set(domain.STAFF_TRANSITIONS),
                  "reporter": set(domain.CREATOR_TRANSITIONS)},
        limits={"title_max": domain.TITLE_MAX, "text_max": domain.TEXT_MAX,
                "password_min": domain.PASSWORD_MIN,
                "password_max": domain.PASSWORD_MAX,
                "attachment_max_bytes": settings["MAX_ATTACHMENT_BYTES"]},
        lockout={"account_failures": account_count, "client_failures": client_count,
                 # Flask-Limiter refuses until the window has room again.
                 "lock_minutes": account_window if account_window == client_window else -1},
        demo_accounts=[{"username": u, "password": p, "role": r, "email": e}
                       for u, p, r, e in DEMO_ACCOUNTS],
        username={name: not refuses(lambda n=name: username.validate_python(n), invalid)
                  for name in USERNAME_PROBES},
        email={address: not refuses(lambda a=address: email.validate_python(a), invalid)
               for address in EMAIL_PROBES},
        password={pw: password_ok(pw) for pw in PASSWORD_PROBES},
        code_copies={
            "API schemas": {"roles": list(get_args(user_schemas.Role)),
                            "languages": list(get_args(user_schemas.Language)),
                            "statuses": list(get_args(ticket_schemas.Status)),
                            "priorities": list(get_args(ticket_schemas.Priority)),
                            "categories": list(get_args(ticket_schemas.Category))},
            "model CHECKs": {"roles": users["role"], "languages": users["language"],
                             "statuses": tickets["status"], "priorities": tickets["priority"],
                             "categories": tickets["category"]},
            "schema limits": {"title_max": [str(max_length(Title))],
                              "text_max": [str(max_length(LongText))],
                              "password_max": [str(max_length(Password))]},
        },
    )


def max_length(annotated: Any) -> int | None:
    for meta in getattr(annotated, "__metadata__", ()):
        if getattr(meta, "max_length", None) is not None:
            return meta.max_length
    return None


# ─────────────── the SPA (TypeScript) ───────────────

class TypeScriptShapeError(AssertionError):
    """The SPA's source has a line the strict readers below do not understand."""


def ts_constants(path: Path) -> dict[str, Any]:
    """`[export] const NAME[: type] = <literal>;` of a TypeScript file: numbers, strings,
    regular expressions (as their source) and arrays of these (nested)."""
    source = path.read_text(encoding="utf-8")
    found: dict[str, Any] = {}
    for name, literal in re.findall(
            r"^(?:export )?const ([A-Z][A-Z_]+)(?::[^=\n]+)? = (.*?);$", source, re.M | re.S):
        found[name] = ts_literal(literal.strip(), path, name)
    return found


def ts_literal(literal: str, path: Path, name: str) -> Any:
    if re.fullmatch(r"\d[\d_]*", literal):
        return int(literal.replace("_", ""))
    if literal.startswith("/") and literal.endswith("/"):
        return literal[1:-1]
    if literal.startswith("["):
        body = re.sub(r"\s+as const$", "", literal)
        try:
            return json.loads(re.sub(r",(\s*[\]])", r"\1", body.replace("'", '"')))
        except json.JSONDecodeError:
            raise TypeScriptShapeError(f"{path.name}: cannot read {name} = {literal}") from None
    return literal  # something else (a call, an object): kept as text, never compared


_MESSAGE_LINE = re.compile(r"\s*'([^']+)': '((?:[^'\\]|\\.)*)',")


def spa_messages() -> dict[str, dict[str, str]]:
    """The `en` and `de` objects of lib/messages.ts: one `'key': 'text',` per line."""
    source = (SPA / "lib" / "messages.ts").read_text(encoding="utf-8")
    messages = {}
    for language in ("en", "de"):
        match = re.search(rf"^export const {language}\b[^=\n]*= \{{\n(.*?)\n\}}", source,
                          re.M | re.S)
        if match is None:
            raise TypeScriptShapeError(f"messages.ts has no `export const {language}`")
        entries = {}
        for line in match.group(1).split("\n"):
            if not line.strip() or line.strip().startswith("//"):
                continue
            entry = _MESSAGE_LINE.fullmatch(line)
            if entry is None:
                raise TypeScriptShapeError(f"messages.ts ({language}): cannot read {line!r}")
            entries[entry.group(1)] = entry.group(2).replace("\\'", "'")
        messages[language] = entries
    return messages


# Every message key that shows each shared word.
SPA_UI_KEYS = {
    "log_in": ("login.title", "login.submit"),
    "log_out": ("nav.logout",),
    "username": ("login.username", "users.col.username", "users.field.username",
                 "profile.username"),
    "password": ("login.password",),
    "tickets": ("nav.tickets", "tickets.title"),
    "new_ticket": ("nav.newTicket", "newTicket.title"),
    "create_ticket": ("newTicket.submit",),
    "dashboard": ("nav.dashboard",),
    "users": ("nav.users", "users.title"),
    "create_account": ("users.create",),
    "title": ("tickets.col.title", "newTicket.field.title"),
    "description": ("newTicket.field.description",),
    "category": ("tickets.col.category", "ticket.field.category", "newTicket.field.category"),
    "priority": ("tickets.col.priority", "ticket.field.priority", "newTicket.field.priority"),
    "status": ("tickets.col.status", "ticket.field.status"),
    "assignee": ("tickets.col.assignee", "ticket.field.assignee"),
    "role": ("users.col.role", "users.field.role", "profile.role"),
    "email": ("users.col.email",),
    "initial_password": ("users.field.initialPassword",),
    "change_password": ("profile.passwordTitle", "profile.changePassword"),
    "cancel": ("common.cancel",),
}


def spa_ui_labels() -> dict[str, dict[str, str]]:
    """Each shared word in en and de; keys showing one word differently read as
    "a | b", which matches no contract word."""
    messages = spa_messages()
    labels = {}
    for word, keys in SPA_UI_KEYS.items():
        labels[word] = {language: " | ".join(sorted({messages[language].get(key, f"(no {key})")
                                                     for key in keys}))
                        for language in ("en", "de")}
    return labels


def spa_copy() -> Copy:
    domain = ts_constants(SPA / "lib" / "domain.ts")
    rules = ts_constants(SPA / "features" / "users" / "api" / "rules.ts")
    profile = ts_constants(SPA / "features" / "profile" / "api" / "change-password.ts")
    languages = ts_constants(SPA / "lib" / "i18n.tsx")["LANGUAGES"]
    messages = spa_messages()

    def username_ok(name: str) -> bool:
        name = name.strip()
        return (rules["USERNAME_MIN"] <= len(name) <= rules["USERNAME_MAX"]
                and re.fullmatch(rules["USERNAME_PATTERN"], name) is not None)

    def email_ok(address: str) -> bool:
        address = address.strip()
        return bool(address) and len(address) <= rules["EMAIL_MAX"] \
            and re.fullmatch(rules["EMAIL_PATTERN"], address) is not None

    def password_ok(password: str) -> bool:
        return (rules["PASSWORD_MIN"] <= len(password) <= rules["PASSWORD_MAX"]
                and password.strip().lower() != PASSWORD_USERNAME)

    return Copy(
        codes={"roles": domain["ROLES"], "staff_roles": domain["STAFF_ROLES"],
               "statuses": domain["STATUSES"], "priorities": domain["PRIORITIES"],
               "categories": domain["CATEGORIES"], "languages": languages},
        workflow={"staff": steps(domain["STAFF_TRANSITIONS"]),
                  "reporter": steps(domain["CREATOR_TRANSITIONS"])},
        limits={"title_max": domain["TITLE_MAX"], "text_max": domain["TEXT_MAX"],
                "password_min": rules["PASSWORD_MIN"], "password_max": rules["PASSWORD_MAX"]},
        code_labels={kind: {code: {language: messages[language].get(f"{kind}.{code}", "")
                                   for language in ("en", "de")}
                            for code in contract()["labels"][kind]} for kind in CODE_KINDS},
        ui_labels=spa_ui_labels(),
        username={name: username_ok(name) for name in USERNAME_PROBES},
        email={address: email_ok(address) for address in EMAIL_PROBES},
        password={pw: password_ok(pw) for pw in PASSWORD_PROBES},
        code_copies={"profile form": {"password_max": [str(profile["PASSWORD_MAX"])]}},
    )

"""Small HTML pieces that the busiest pages repeat, built in Python and memoised.

A select of every account re-rendered by Jinja on each list request costs more than the
list's SQL; the same options with the same selection always give the same HTML.
"""

from __future__ import annotations

import itertools
from datetime import tzinfo
from functools import lru_cache
from html import escape as escape_html
from types import FunctionType
from typing import ClassVar
from urllib.parse import urlencode

from flask import url_for
from flask.globals import _cv_request
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import TemplateSyntaxError
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.runtime import Context, Macro
from markupsafe import Markup, escape

from .memo import BoundedMemo


@lru_cache(maxsize=512)
def options(choices: tuple[tuple[str, str], ...], selected: str = "") -> Markup:
    """`<option>` elements for (value, label) pairs, the `selected` value marked."""
    return Markup("".join(  # noqa: S704 (value and label are escaped here)
        f'<option value="{escape(value)}"{" selected" if value == selected else ""}>'
        f"{escape(text)}</option>" for value, text in choices))


def people(rows) -> tuple[tuple[str, str], ...]:
    """(id, username) choices from account rows."""
    return tuple((str(row["id"]), row["username"]) for row in rows)


def account_choices(db) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(staff, everyone) as choices for the filter and assignment menus, read again only
    when the accounts have changed: a list page asked the database for every account."""
    from . import queries
    from .db import connection_memo

    memo = connection_memo()
    version = queries.users_version(db)
    cached = memo.get("accounts")
    if cached is None or cached[0] != version:
        cached = memo["accounts"] = (version, people(queries.list_staff(db)),
                                     people(queries.list_user_names(db)))
    return cached[1], cached[2]


def ticket_rows(rows, *, is_staff: bool, tickets_url: str, unread_text: str) -> Markup:
    """The `<tr>` elements of the ticket list.

    Built here rather than in the template because it is the hottest loop of the busiest
    page: Jinja spent more on 25 rows than the SQL and the rest of the page together.
    Each row's HTML is memoised (see ticket_row): the list shows the same tickets to
    everyone, again and again.
    """
    from .i18n import current_language, current_time_zone

    if not rows:
        return Markup("")
    columns = tuple(rows[0].keys())
    page = (columns, is_staff, tickets_url, unread_text, current_language(),
            current_time_zone())
    return Markup("\n".join([  # noqa: S704 (ticket_row escapes every value)
        ticket_row(tuple(row), *page) for row in rows]))


@lru_cache(maxsize=2048)
def ticket_row(values: tuple, columns: tuple[str, ...], is_staff: bool, tickets_url: str,
               unread_text: str, language: str, zone: tzinfo) -> str:
    """One `<tr>` of the ticket list: a pure function of its arguments (every column of
    the row, including the viewer's `unread`, and the viewer's role, language and time
    zone), so a memoised row is exactly what building it again would give, whoever asks.

    Every value from the database is escaped (`html.escape`: the same five characters as
    Jinja's escaping, without a Markup object per value); the cells of the codes are built
    once per language.
    """
    from .i18n import format_time

    row = dict(zip(columns, values, strict=True))
    status_cells, priority_cells, category_cells = _code_cells(language)
    ticket_id = int(row["id"])
    unread = bool(row["unread"])
    status, priority, category = row["status"], row["priority"], row["category"]
    unread_marker = (f'<span class="unread-dot" title="{escape_html(unread_text)}"></span>'
                     f'<span class="visually-hidden">{escape_html(unread_text)}:</span>'
                     if unread else "")
    creator = (f'<td class="d-none d-lg-table-cell">{escape_html(row["creator_name"])}'
               "</td>" if is_staff else "")
    updated = format_time(row["updated_at"], zone, language) if row["updated_at"] else ""
    return (
        f'<tr class="{"unread" if unread else ""}" data-ticket-id="{ticket_id}">'
        f"<td>{ticket_id}</td>"
        f'<td class="title-cell">{unread_marker}'
        f'<a href="{escape_html(tickets_url)}/{ticket_id}" '
        f'class="{"fw-bold" if unread else ""}">{escape_html(row["title"])}</a></td>'
        f'{status_cells.get(status) or _code_cell("status", status)}'
        f'{priority_cells.get(priority) or _code_cell("priority", priority)}'
        f'{category_cells.get(category) or _code_cell("category", category)}{creator}'
        f'<td class="d-none d-md-table-cell">{escape_html(row["assignee_name"] or "—")}'
        f'</td><td class="d-none d-sm-table-cell text-nowrap small">'
        f'{escape_html(updated)}</td></tr>')


CODE_CELLS = {
    "status": '<td><span class="badge status-badge s-{code}">{label}</span></td>',
    "priority": '<td class="d-none d-md-table-cell"><span class="badge priority-badge '
                'p-{code}">{label}</span></td>',
    "category": '<td class="d-none d-lg-table-cell">{label}</td>',
}


def _code_cell(kind: str, code: str | None) -> str:
    """The table cell of a stored code: its label, escaped, in the request's language."""
    from .i18n import label

    return CODE_CELLS[kind].format(code=escape_html(str(code)),
                                   label=escape_html(label(kind, code)))


@lru_cache(maxsize=16)
def _code_cells(language: str) -> tuple[dict[str, str], ...]:
    """The cells of every known status, priority and category in one language (the
    request's, which is the key)."""
    from .i18n import LABELS

    return tuple({code: _code_cell(kind, code) for code in LABELS[kind]}
                 for kind in ("status", "priority", "category"))


_links: BoundedMemo[tuple, str] = BoundedMemo(1000)


def link(endpoint: str, **values: object) -> str:
    """url_for() for the fixed links of every page (navigation, static files), memoised:
    building a dozen URLs per page cost as much as the page's queries. Only for links
    whose arguments are constants in a template, never for user input."""
    key = (_cv_request.get().request.script_root, endpoint, *values.items())
    url = _links.get(key)
    if url is None:
        url = _links.keep(key, url_for(endpoint, **values))
    return url


def query_link(endpoint: str, /, **params: object) -> str:
    """url_for(endpoint, **params) for a route without path variables (the ticket list, the
    export): its memoised path, and the parameters, which may come from the person asking,
    encoded as the query string."""
    url = link(endpoint)
    return f"{url}?{query_string(tuple(params.items()))}" if params else url


@lru_cache(maxsize=1024)
def query_string(params: tuple[tuple[str, object], ...]) -> str:
    """urlencode(), memoised: a list page links the same filters again and again."""
    return urlencode(params)


PLAIN_FUNCTIONS = (FunctionType, type(options))  # type(options): lru_cache's wrapper


class TemplateContext(Context):
    """Jinja's template context with a short way for calling a plain function: every call
    in a template goes through Context.call, which asks twice (by failed attribute
    lookups) whether the callee wants the context passed. Plain functions without the
    marker (and lru_cache wrappers of them, which carry the function's attributes) are
    called at once; everything else goes the usual way."""

    def call(self, obj, /, *args, **kwargs):
        if type(obj) in PLAIN_FUNCTIONS and "jinja_pass_arg" not in obj.__dict__:
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return obj(*args, **kwargs)
            except StopIteration:
                return self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception")
        return super().call(obj, *args, **kwargs)


def escape_output(value: object) -> Markup:
    """What an autoescaped template does with each `{{ value }}`: markupsafe.escape(),
    except that Markup (safe already, and immutable) is passed on as it is instead of
    being copied into a new Markup, which every translated string on a page paid for."""
    return value if type(value) is Markup else escape(value)


class TemplateCodeGenerator(CodeGenerator):
    """Jinja's code generator; the compiled templates escape with escape_output()."""

    def writeline(self, x: str, node=None, extra: int = 0) -> None:
        super().writeline(x, node, extra)
        if x.startswith("from jinja2.runtime import "):
            super().writeline("from micro.widgets import escape_output as escape")


class ConstantFragments(Extension):
    """`{% constant %}…{% endconstant %}`: a piece of a template that is the same for everyone
    who sees it in one language, rendered once and then reused (navigation, labels, table
    headers: dozens of translations and links per page that never change).

    `{% constant role %}` also keys the piece by the value of the variable `role` (only
    plain variables holding a string, number, boolean or None). The language and the
    application's script root are always part of the key.

    Nothing per-person can end up in a piece: its body may only use the names in
    CONSTANT_NAMES (translation, fixed links, labels of codes) and its own key variables,
    and may not contain blocks, includes, imports, macro calls or filters (a filter may read
    the request, as local_time does). Anything else (the user, the request, data) is
    refused with a TemplateSyntaxError when the template is compiled.
    """

    tags: ClassVar[set[str]] = {"constant"}
    CONSTANT_NAMES = frozenset({"_", "gettext", "link", "label", "get_locale"})
    FORBIDDEN = (nodes.Block, nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends,
                 nodes.CallBlock, nodes.Macro, nodes.Filter, nodes.ContextReference,
                 nodes.DerivedContextReference, nodes.ExtensionAttribute)
    KEPT = 2000  # rendered pieces kept per application (languages × key values × pieces)

    def __init__(self, environment) -> None:
        super().__init__(environment)
        self.rendered: BoundedMemo[tuple, Markup] = BoundedMemo(self.KEPT)
        self.pieces = itertools.count()  # a number for each piece compiled

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        keys: list[nodes.Name] = []
        while parser.stream.current.type != "block_end":
            if keys:
                parser.stream.expect("comma")
            token = parser.stream.expect("name")
            keys.append(nodes.Name(token.value, "load", lineno=token.lineno))
        body = parser.parse_statements(("name:endconstant",), drop_needle=True)
        allowed = self.CONSTANT_NAMES | {key.name for key in keys}
        for node in nodes.Scope(body).find_all((nodes.Name, *self.FORBIDDEN)):
            if not isinstance(node, nodes.Name):
                raise TemplateSyntaxError(
                    f"{type(node).__name__} is not allowed in a constant piece",
                    node.lineno, parser.name, parser.filename)
            if node.name not in allowed:
                raise TemplateSyntaxError(
                    f"'{node.name}' may differ between viewers: not allowed in a constant "
                    "piece (add it to the key if it is a plain value)",
                    node.lineno, parser.name, parser.filename)
        piece = nodes.Const(f"{parser.name}:{lineno}:{next(self.pieces)}")
        call = self.call_method("_render", [piece, nodes.List(keys)])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _render(self, piece: str, keys: list, caller: Macro) -> Markup:
        from .i18n import current_language

        for value in keys:
            if value is not None and type(value) not in (str, int, bool):
                raise TypeError(f"a constant piece's key must be a plain value, not {value!r}")
        key = (piece, current_language(), _cv_request.get().request.script_root, *keys)
        html = self.rendered.get(key)
        if html is None:
            html = self.rendered.keep(key, caller())
        return html

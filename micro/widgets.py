"""Small HTML pieces that the busiest pages repeat, built in Python and memoised.

A select of every account re-rendered by Jinja on each list request costs more than the
list's SQL; the same options with the same selection always give the same HTML.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape as escape_html
from types import FunctionType
from urllib.parse import urlencode

from flask import url_for
from flask.globals import _cv_request
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Context
from markupsafe import Markup, escape


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
    Every value from the database is escaped (`html.escape`: the same five characters as
    Jinja's escaping, without a Markup object per value); the cells of the codes are built
    once per language.
    """
    from .i18n import current_language, time_formatter

    status_cells, priority_cells, category_cells = _code_cells(current_language())
    local_time = time_formatter()
    link = f'<a href="{escape_html(tickets_url)}/'
    unread_marker = (f'<span class="unread-dot" title="{escape_html(unread_text)}"></span>'
                     f'<span class="visually-hidden">{escape_html(unread_text)}:</span>')
    html = []
    for row in rows:
        ticket_id = int(row["id"])
        unread = bool(row["unread"])
        status, priority, category = row["status"], row["priority"], row["category"]
        creator = (f'<td class="d-none d-lg-table-cell">{escape_html(row["creator_name"])}'
                   "</td>" if is_staff else "")
        html.append(
            f'<tr class="{"unread" if unread else ""}" data-ticket-id="{ticket_id}">'
            f"<td>{ticket_id}</td>"
            f'<td class="title-cell">{unread_marker if unread else ""}'
            f'{link}{ticket_id}" class="{"fw-bold" if unread else ""}">'
            f'{escape_html(row["title"])}</a></td>'
            f'{status_cells.get(status) or _code_cell("status", status)}'
            f'{priority_cells.get(priority) or _code_cell("priority", priority)}'
            f'{category_cells.get(category) or _code_cell("category", category)}{creator}'
            f'<td class="d-none d-md-table-cell">{escape_html(row["assignee_name"] or "—")}'
            f'</td><td class="d-none d-sm-table-cell text-nowrap small">'
            f'{escape_html(local_time(row["updated_at"]))}</td></tr>')
    return Markup("\n".join(html))  # noqa: S704 (every value is escaped above)


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


_links: dict[tuple, str] = {}


def link(endpoint: str, **values: object) -> str:
    """url_for() for the fixed links of every page (navigation, static files), memoised:
    building a dozen URLs per page cost as much as the page's queries. Only for links
    whose arguments are constants in a template, never for user input."""
    key = (_cv_request.get().request.script_root, endpoint, *values.items())
    url = _links.get(key)
    if url is None:
        url = _links[key] = url_for(endpoint, **values)
    return url


def query_link(endpoint: str, /, **params: object) -> str:
    """url_for(endpoint, **params) for a route without path variables (the ticket list, the
    export): its memoised path, and the parameters, which may come from the person asking,
    encoded as the query string."""
    url = link(endpoint)
    return f"{url}?{urlencode(params)}" if params else url


class TemplateContext(Context):
    """Jinja's template context with a short way for calling a plain function: every call
    in a template goes through Context.call, which asks twice (by failed attribute
    lookups) whether the callee wants the context passed. Plain functions without the
    marker are called at once; everything else goes the usual way."""

    def call(self, obj, /, *args, **kwargs):
        if type(obj) is FunctionType and "jinja_pass_arg" not in obj.__dict__:
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

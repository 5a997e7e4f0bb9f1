"""The HTML builders: small pieces that the busiest pages repeat, built in Python and
memoised (select options, the ticket list's rows, fixed links).

A select of every account re-rendered by Jinja on each list request costs more than the
list's SQL; the same options with the same selection always give the same HTML. The Jinja
hooks are in templating.py; the account menus' data comes from services.account_choices.
"""

from __future__ import annotations

from datetime import tzinfo
from functools import lru_cache
from html import escape as escape_html
from urllib.parse import urlencode

from flask import url_for
from flask.globals import _cv_request
from markupsafe import Markup, escape

from .memo import BoundedMemo


@lru_cache(maxsize=512)
def options(choices: tuple[tuple[str, str], ...], selected: str = "") -> Markup:
    """`<option>` elements for (value, label) pairs, the `selected` value marked."""
    return Markup("".join(  # noqa: S704 (value and label are escaped here)
        f'<option value="{escape(value)}"{" selected" if value == selected else ""}>'
        f"{escape(text)}</option>" for value, text in choices))


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

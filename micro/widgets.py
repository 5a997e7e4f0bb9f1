"""Small HTML pieces that the busiest pages repeat, built in Python and memoised.

A select of every account re-rendered by Jinja on each list request costs more than the
list's SQL; the same options with the same selection always give the same HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from html import escape as escape_html
from urllib.parse import urlencode

from flask import request, url_for
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


def ticket_rows(rows, *, is_staff: bool, tickets_url: str, unread_text: str) -> Markup:
    """The `<tr>` elements of the ticket list.

    Built here rather than in the template because it is the hottest loop of the busiest
    page: Jinja spent more on 25 rows than the SQL and the rest of the page together.
    Every value from the database is escaped (`html.escape`: the same five characters as
    Jinja's escaping, without a Markup object per value); codes are looked up as labels,
    each once per page.
    """
    from .i18n import LABELS, label, time_formatter

    def cells(kind: str, template: str) -> tuple[dict[str, str], Callable[[str], str]]:
        def cell(code: str) -> str:
            return template.format(code=escape_html(str(code)),
                                   label=escape_html(label(kind, code)))
        return {code: cell(code) for code in LABELS[kind]}, cell

    status_cells, status_cell = cells(
        "status", '<td><span class="badge status-badge s-{code}">{label}</span></td>')
    priority_cells, priority_cell = cells(
        "priority", '<td class="d-none d-md-table-cell"><span class="badge priority-badge '
        'p-{code}">{label}</span></td>')
    category_cells, category_cell = cells(
        "category", '<td class="d-none d-lg-table-cell">{label}</td>')
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
            f'{status_cells.get(status) or status_cell(status)}'
            f'{priority_cells.get(priority) or priority_cell(priority)}'
            f'{category_cells.get(category) or category_cell(category)}{creator}'
            f'<td class="d-none d-md-table-cell">{escape_html(row["assignee_name"] or "—")}'
            f'</td><td class="d-none d-sm-table-cell text-nowrap small">'
            f'{escape_html(local_time(row["updated_at"]))}</td></tr>')
    return Markup("\n".join(html))  # noqa: S704 (every value is escaped above)


_links: dict[tuple, str] = {}


def link(endpoint: str, **values: object) -> str:
    """url_for() for the fixed links of every page (navigation, static files), memoised:
    building a dozen URLs per page cost as much as the page's queries. Only for links
    whose arguments are constants in a template, never for user input."""
    key = (request.script_root, endpoint, *values.items())
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

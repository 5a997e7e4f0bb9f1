"""Small HTML pieces that the busiest pages repeat, built in Python and memoised.

A select of every account re-rendered by Jinja on each list request costs more than the
list's SQL; the same options with the same selection always give the same HTML.
"""

from __future__ import annotations

from functools import lru_cache

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
    Every value from the database is escaped; codes are looked up as labels.
    """
    from .i18n import LABELS, label, local_time

    def labels(kind: str) -> dict[str, str]:  # the page's few labels, escaped once
        return {code: str(escape(label(kind, code))) for code in LABELS[kind]}

    status_labels, priority_labels, category_labels = (
        labels("status"), labels("priority"), labels("category"))
    link = f'<a href="{escape(tickets_url)}/'
    unread_marker = (f'<span class="unread-dot" title="{escape(unread_text)}"></span>'
                     f'<span class="visually-hidden">{escape(unread_text)}:</span>')
    html = []
    for row in rows:
        ticket_id = int(row["id"])
        unread = bool(row["unread"])
        status, priority, category = row["status"], row["priority"], row["category"]
        creator = (f'<td class="d-none d-lg-table-cell">{escape(row["creator_name"])}</td>'
                   if is_staff else "")
        html.append(
            f'<tr class="{"unread" if unread else ""}" data-ticket-id="{ticket_id}">'
            f"<td>{ticket_id}</td>"
            f'<td class="title-cell">{unread_marker if unread else ""}'
            f'{link}{ticket_id}" class="{"fw-bold" if unread else ""}">'
            f'{escape(row["title"])}</a></td>'
            f'<td><span class="badge status-badge s-{escape(status)}">'
            f'{status_labels.get(status) or escape(label("status", status))}</span></td>'
            f'<td class="d-none d-md-table-cell"><span class="badge priority-badge '
            f'p-{escape(priority)}">'
            f'{priority_labels.get(priority) or escape(label("priority", priority))}'
            f'</span></td><td class="d-none d-lg-table-cell">'
            f'{category_labels.get(category) or escape(label("category", category))}'
            f"</td>{creator}"
            f'<td class="d-none d-md-table-cell">{escape(row["assignee_name"] or "—")}</td>'
            f'<td class="d-none d-sm-table-cell text-nowrap small">'
            f'{escape(local_time(row["updated_at"]))}</td></tr>')
    return Markup("\n".join(html))  # noqa: S704 (every value is escaped above)


_links: dict[tuple, str] = {}


def link(endpoint: str, **values: object) -> str:
    """url_for() for the fixed links of every page (navigation, static files), memoised:
    building a dozen URLs per page cost as much as the page's queries. Only for links
    whose arguments are constants in a template, never for user input."""
    key = (request.script_root, endpoint, tuple(sorted(values.items())))
    url = _links.get(key)
    if url is None:
        url = _links[key] = url_for(endpoint, **values)
    return url

"""Small HTML pieces that the busiest pages repeat, built in Python and memoised.

A select of every account re-rendered by Jinja on each list request costs more than the
list's SQL; the same options with the same selection always give the same HTML.
"""

from __future__ import annotations

from functools import lru_cache

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

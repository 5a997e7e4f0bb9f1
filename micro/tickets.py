"""Ticket pages: the list with filters, search and export, creating, the detail page with
its thread, the one form to reply and change fields, and deletion (admin)."""

from __future__ import annotations

import csv
import io
import math

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required

from . import queries, services
from .auth import current_actor
from .db import get_db
from .domain import (
    CATEGORIES,
    PRIORITIES,
    DomainError,
    can,
    page_number,
    parse_filters,
    parse_id,
)
from .i18n import label, local_time

bp = Blueprint("tickets", __name__)

MAX_PAGE = 10**8
COUNT_AHEAD = 250  # ten pages
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def load_ticket(ticket_id: int, action: str = "view_ticket"):
    """The ticket if the caller may see it (else 404) and may do `action` (else 403)."""
    actor = current_actor()
    ticket = queries.get_ticket(get_db(), ticket_id)
    if ticket is None or not can(actor, "view_ticket", ticket):
        abort(404)
    if not can(actor, action, ticket):
        abort(403)
    return ticket


def _list_scope():
    """None when the caller may see every ticket, else the caller's id (own tickets only)."""
    actor = current_actor()
    return None if can(actor, "view_all_tickets") else actor.id


@bp.route("/")
def root():
    return redirect(url_for("tickets.index"))


@bp.route("/tickets")
@login_required
def index():
    db = get_db()
    actor = current_actor()
    # A plain dict of the first values: werkzeug's MultiDict.get() raises and catches an
    # exception for every parameter that is missing, and most of them are.
    args = request.args.to_dict()
    filters, invalid = parse_filters(args, actor=actor)
    scope = _list_scope()
    size = current_app.config["PAGE_SIZE"]
    hits = queries.collect_search_hits(db, filters) if filters.match else None
    # Counting stops ten pages past the one asked for: an exact count of 100,000
    # tickets would cost more than the page itself ("Page 1 of 11+").
    requested = page_number(args.get("page"), MAX_PAGE)
    count_limit = requested * size + COUNT_AHEAD
    total = queries.count_tickets(db, filters, scope, hits, limit=count_limit + 1)
    more = total > count_limit
    total = min(total, count_limit)
    pages = max(1, math.ceil(total / size))
    page = min(requested, pages)
    rows = queries.list_tickets(db, filters, scope, viewer_id=actor.id, limit=size,
                                offset=(page - 1) * size, search_hits=hits)
    staff, users = services.account_choices(db) if actor.is_staff else ((), ())
    return render_template(
        "tickets/list.html", rows=rows, filters=filters, invalid=invalid, total=total,
        more=more, page=page, pages=pages, is_staff=actor.is_staff, staff=staff, users=users)


def neutralise(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@bp.route("/tickets/export.csv")
@login_required
def export():
    """Exactly the filtered list (every page), with the same visibility as the list."""
    db = get_db()
    filters, _invalid = parse_filters(request.args.to_dict(), actor=current_actor())
    hits = queries.collect_search_hits(db, filters) if filters.match else None
    german = str(get_locale()) == "de"
    out = io.StringIO()
    out.write("\ufeff")  # the BOM makes Excel read UTF-8 (umlauts) correctly
    writer = csv.writer(out, delimiter=";" if german else ",", lineterminator="\r\n")
    writer.writerow([_("ID"), _("Title"), _("Status"), _("Priority"), _("Category"),
                     _("Created by"), _("Assigned to"), _("Created"), _("Updated")])
    for row in queries.iter_export(db, filters, _list_scope(), hits):
        writer.writerow([neutralise(value) for value in (
            row["id"], row["title"], label("status", row["status"]),
            label("priority", row["priority"]), label("category", row["category"]),
            row["creator_name"], row["assignee_name"] or "", local_time(row["created_at"]),
            local_time(row["updated_at"]))])
    return Response(out.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="tickets.csv"'})


@bp.route("/tickets/new", methods=["GET", "POST"])
@login_required
def create():
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            ticket_id = services.create_ticket(get_db(), current_actor(), request.form)
        except DomainError as error:
            errors[error.field or "title"] = _(error.message)
        else:
            flash(_("Ticket #%(id)d was created.", id=ticket_id), "success")
            return redirect(url_for("tickets.detail", ticket_id=ticket_id))
    return render_template("tickets/new.html", errors=errors, form=request.form,
                           categories=CATEGORIES, priorities=PRIORITIES), \
        422 if errors else 200


def _render_detail(ticket, errors: dict[str, str] | None = None, form=None, status=200):
    db = get_db()
    actor = current_actor()
    args = request.args  # "in" first: MultiDict.get() raises and catches when missing
    before = parse_id(args["before"]) if "before" in args else None
    view = services.open_ticket(db, actor, ticket, before=before,
                                page_size=current_app.config["THREAD_PAGE_SIZE"])
    return render_template(
        "tickets/detail.html", ticket=ticket, errors=errors or {}, form=form or {},
        staff=services.account_choices(db)[0], can_edit=can(actor, "triage_ticket", ticket),
        transition_choices=tuple((code, label("status", code)) for code in view["transitions"]),
        can_note=can(actor, "write_internal", ticket),
        can_delete=can(actor, "delete_ticket", ticket), **view), status


@bp.route("/tickets/<int:ticket_id>")
@login_required
def detail(ticket_id: int):
    return _render_detail(load_ticket(ticket_id))


@bp.route("/tickets/<int:ticket_id>/update", methods=["POST"])
@login_required
def update(ticket_id: int):
    ticket = load_ticket(ticket_id, "comment")
    try:
        changed = services.update_ticket(get_db(), current_actor(), ticket, request.form)
    except DomainError as error:
        return _render_detail(ticket, {error.field or "body": _(error.message)},
                              request.form, 422)
    if changed:
        flash(_("Saved."), "success")
    else:
        flash(_("Nothing to save: write a message or change a field."), "info")
    return redirect(url_for("tickets.detail", ticket_id=ticket_id))


@bp.route("/tickets/<int:ticket_id>/delete", methods=["GET", "POST"])
@login_required
def delete(ticket_id: int):
    ticket = load_ticket(ticket_id, "delete_ticket")
    if request.method == "POST":
        services.delete_ticket(get_db(), current_actor(), ticket)
        flash(_("Ticket #%(id)d was deleted.", id=ticket_id), "success")
        return redirect(url_for("tickets.index"))
    return render_template("tickets/delete.html", ticket=ticket)

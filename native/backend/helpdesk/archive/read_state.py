"""The archive's read state in Native's model, where unread is derived: activity by someone
else (ticket_activity) after the person last opened the ticket (ticket_views).

The activity is rebuilt from the records (each ticket's creation, each comment, each status
change). Then, for each person, the tickets Native would show as unread with nothing
opened yet are compared with the archive's list:
- unread in the archive but not derivable (another edition's rules tell more people, e.g.
  all support staff of every event): an activity addressed to that person alone
  (`for_user_id`, kind "mark"), which opening the ticket clears like any other (`marked`);
- derivable but read in the archive: a view at the ticket's latest activity.
A pair Native may not show (a reporter and someone else's ticket) is counted in
`unshowable` and named in the import's report."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from helpdesk.archive.export import Person
from helpdesk.archive.format import ArchiveError
from helpdesk.domain import is_staff
from helpdesk.notifications.service import unread_condition
from helpdesk.tickets.models import Ticket
from helpdesk.users.models import User

DERIVED_ACTIVITY = (
    "INSERT INTO ticket_activity (ticket_id, actor_id, kind, internal, by_creator, created_at) "
    "SELECT id, created_by, 'created', false, true, created_at FROM tickets",
    "INSERT INTO ticket_activity (ticket_id, actor_id, kind, internal, by_creator, created_at) "
    "SELECT c.ticket_id, c.author_id, 'comment', c.internal, c.author_id = t.created_by, "
    "c.created_at FROM comments c JOIN tickets t ON t.id = c.ticket_id ORDER BY c.id",
    "INSERT INTO ticket_activity (ticket_id, actor_id, kind, internal, by_creator, created_at) "
    "SELECT a.entity_id, a.actor_id, 'status', false, a.actor_id = t.created_by, a.occurred_at "
    "FROM audit_log a JOIN tickets t ON t.id = a.entity_id "
    "WHERE a.action = 'ticket.status' AND a.id > :after_audit_id ORDER BY a.id",
)
VIEWS = text(
    "INSERT INTO ticket_views (user_id, ticket_id, seen_at) "
    "SELECT :user_id, t.id, (SELECT max(created_at) FROM ticket_activity a "
    "WHERE a.ticket_id = t.id) FROM unnest(CAST(:ticket_ids AS integer[])) AS t(id)")
CREATORS = text("SELECT id, created_by FROM tickets "
                "WHERE id = ANY(CAST(:ticket_ids AS integer[]))")  # one parameter, any length
# A mark's actor is whoever touched the ticket last; its time, the ticket's last change.
MARKS = text(
    "INSERT INTO ticket_activity (ticket_id, actor_id, kind, internal, by_creator, created_at, "
    "for_user_id) SELECT t.id, coalesce(t.last_updated_by, t.created_by), 'mark', false, "
    "false, t.updated_at, m.user_id FROM unnest(CAST(:user_ids AS integer[]), "
    "CAST(:ticket_ids AS integer[])) AS m(user_id, ticket_id) JOIN tickets t ON t.id = m.ticket_id")


@dataclass
class ReadStateReport:
    views: int = 0
    marked: int = 0
    unshowable: list[tuple[int, int]] = field(default_factory=list)


def derived_unread(session: Session, people: list[Person]) -> dict[int, set[int]]:
    return {person.id: set(session.scalars(select(Ticket.id).where(
        unread_condition(person))))  # type: ignore[arg-type]
        for person in people}


def rebuild(session: Session, unread_pairs: Iterable[tuple[int, int]],
            after_audit_id: int) -> ReadStateReport:
    for statement in DERIVED_ACTIVITY:
        session.execute(text(statement), {"after_audit_id": after_audit_id})
    wanted: dict[int, set[int]] = defaultdict(set)
    for user_id, ticket_id in unread_pairs:
        wanted[user_id].add(ticket_id)
    people = [Person(row.id, row.role) for row in session.execute(select(User.id, User.role))]
    unknown = sorted(set(wanted) - {person.id for person in people})
    if unknown:
        raise ArchiveError(f"unread.jsonl names account {unknown[0]}, which users.jsonl does "
                           "not have.")
    derived = derived_unread(session, people)
    missing = {person.id: wanted[person.id] - derived[person.id] for person in people}
    creators = dict(session.execute(CREATORS, {"ticket_ids": sorted(
        set().union(*missing.values()))}).all())
    report, marks = ReadStateReport(), []
    for person in people:
        for ticket_id in sorted(missing[person.id]):
            if ticket_id not in creators:
                raise ArchiveError(f"unread.jsonl names ticket {ticket_id}, which "
                                   "tickets.jsonl does not have.")
            if is_staff(person) or creators[ticket_id] == person.id:
                marks.append((person.id, ticket_id))
            else:  # a reporter and someone else's ticket: Native may not show it
                report.unshowable.append((person.id, ticket_id))
    if marks:
        session.execute(MARKS, {"user_ids": [user for user, _ in marks],
                                "ticket_ids": [ticket for _, ticket in marks]})
    report.marked = len(marks)
    # A mark shows to its person only, so the others' derived state stays as it was.
    for person in people:
        seen = sorted(derived[person.id] - wanted[person.id])
        if seen:
            session.execute(VIEWS, {"user_id": person.id, "ticket_ids": seen})
            report.views += len(seen)
    return report

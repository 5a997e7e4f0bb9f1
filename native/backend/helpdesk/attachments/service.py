"""Files stored in PostgreSQL, reachable only through the ticket's permission check."""

from __future__ import annotations

import hashlib
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from helpdesk.attachments.content import detect
from helpdesk.attachments.models import Attachment
from helpdesk.audit import service as audit
from helpdesk.domain import can
from helpdesk.errors import Forbidden, Invalid, NotFound, TooLarge
from helpdesk.tickets import service as tickets
from helpdesk.tickets.models import Ticket
from helpdesk.users.models import User


def clean_name(name: str) -> str:
    """The original name as harmless metadata: no path, no control characters."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").split("/")[-1]
    name = "".join(char for char in name if char.isprintable()).strip().lstrip(".")
    return name[:200] or "file"


def list_attachments(*, session: Session, actor: User, ticket_id: int) -> list[Attachment]:
    ticket = tickets.get_ticket(session=session, actor=actor, ticket_id=ticket_id)
    return list(session.scalars(select(Attachment).where(Attachment.ticket_id == ticket.id)
                                .order_by(Attachment.id)))


def add_attachment(*, session: Session, actor: User, ticket_id: int, filename: str,
                   data: bytes, max_bytes: int) -> Attachment:
    ticket = tickets.get_ticket(session=session, actor=actor, ticket_id=ticket_id)
    if not can(actor, "attach", ticket):
        raise Forbidden("You may not add files to this ticket.", reason="upload_refused")
    if len(data) > max_bytes:
        raise TooLarge(f"Files may have at most {max_bytes // (1024 * 1024)} MB.",
                       reason="file_too_large", params={"max_mb": max_bytes // (1024 * 1024)})
    content_type = detect(data)
    if content_type is None:
        raise Invalid("Only PNG, JPEG, GIF, PDF and plain-text files are accepted.",
                      fields={"file": "type not allowed"}, code="file_type_refused",
                      field_errors={"file": "type_not_allowed"})
    attachment = Attachment(ticket_id=ticket.id, uploaded_by=actor.id,
                            filename=clean_name(filename), content_type=content_type,
                            size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data)
    session.add(attachment)
    tickets.touch(ticket, actor)
    session.flush()
    session.refresh(attachment)
    audit.record(session=session, action="attachment.create", entity_type="attachment",
                 entity_id=attachment.id, actor=actor,
                 after={"ticket_id": ticket.id, "filename": attachment.filename,
                        "size": attachment.size, "content_type": content_type})
    return attachment


def get_attachment(*, session: Session, actor: User, attachment_id: int,
                   with_data: bool = False) -> tuple[Attachment, Ticket]:
    statement = select(Attachment).where(Attachment.id == attachment_id)
    if with_data:
        statement = statement.options(undefer(Attachment.data))
    attachment = session.scalar(statement)
    if attachment is None:
        raise NotFound("There is no such file.", reason="file_not_found")
    try:
        ticket = tickets.get_ticket(session=session, actor=actor, ticket_id=attachment.ticket_id)
    except NotFound:
        raise NotFound("There is no such file.", reason="file_not_found") from None
    return attachment, ticket


def delete_attachment(*, session: Session, actor: User, attachment_id: int) -> None:
    attachment, ticket = get_attachment(session=session, actor=actor, attachment_id=attachment_id)
    if not (can(actor, "delete_attachment", ticket) or attachment.uploaded_by == actor.id):
        raise Forbidden("Only support, admin or the uploader may delete this file.",
                        reason="file_delete_refused")
    audit.record(session=session, action="attachment.delete", entity_type="attachment",
                 entity_id=attachment.id, actor=actor,
                 before={"ticket_id": ticket.id, "filename": attachment.filename})
    session.delete(attachment)
    session.flush()

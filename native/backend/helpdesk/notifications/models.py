from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk.database import Base, utcnow


class TicketActivity(Base):
    """Something others may want to hear about: a new ticket, a comment, a status change."""

    __tablename__ = "ticket_activity"
    __table_args__ = (Index("ix_ticket_activity_ticket", "ticket_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(16))  # created | comment | status
    # Activity only staff may see (an internal note) never notifies a user.
    internal: Mapped[bool] = mapped_column(default=False)
    # The actor was the ticket's creator: support hears about such comments.
    by_creator: Mapped[bool] = mapped_column(default=False)
    # Set: unread for this one person only, whatever the rules below say (kind "mark"; an
    # archive's read state from an edition whose rules tell more people, helpdesk.archive).
    for_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE", name="fk_ticket_activity_for_user"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TicketView(Base):
    """When a person last opened a ticket; activity after it is unread."""

    __tablename__ = "ticket_views"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True
    )
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)

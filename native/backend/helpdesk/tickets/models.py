from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Computed, ForeignKey, Index, String, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.database import Base, utcnow
from helpdesk.users.models import User

TICKET_SEARCH = (
    "to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(description, ''))"
)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        CheckConstraint("category IN ('bug', 'feature', 'support')", name="ck_tickets_category"),
        CheckConstraint("priority IN ('low', 'medium', 'high')", name="ck_tickets_priority"),
        CheckConstraint(
            "status IN ('new', 'in_progress', 'resolved', 'closed')", name="ck_tickets_status"
        ),
        Index("ix_tickets_search", "search", postgresql_using="gin"),
        Index("ix_tickets_updated", "updated_at", "id"),
        Index("ix_tickets_created", "created_at", "id"),
        Index("ix_tickets_status_updated", "status", "updated_at"),
        Index("ix_tickets_priority_rank", "priority_rank", "updated_at"),
        Index("ix_tickets_category", "category"),
        Index("ix_tickets_assigned_to", "assigned_to"),
        Index("ix_tickets_created_by_updated", "created_by", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="new")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assigned_to: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    # high=3, medium=2, low=1: sorting by priority uses an index instead of a CASE.
    priority_rank: Mapped[int] = mapped_column(
        Computed("CASE priority WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END",
                 persisted=True)
    )
    search: Mapped[str] = mapped_column(TSVECTOR, Computed(TICKET_SEARCH, persisted=True),
                                        deferred=True)

    creator: Mapped[User] = relationship(foreign_keys=[created_by], lazy="joined",
                                         innerjoin=True)
    assignee: Mapped[User | None] = relationship(foreign_keys=[assigned_to], lazy="joined")
    updater: Mapped[User | None] = relationship(foreign_keys=[last_updated_by], lazy="joined")

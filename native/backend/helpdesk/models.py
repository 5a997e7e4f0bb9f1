"""Every table, imported in one place so Alembic and the tests see the whole schema."""

from helpdesk.attachments.models import Attachment
from helpdesk.audit.models import AuditEntry
from helpdesk.comments.models import Comment
from helpdesk.database import Base
from helpdesk.notifications.models import TicketActivity, TicketView
from helpdesk.tickets.models import Ticket
from helpdesk.users.models import User

__all__ = [
    "Attachment", "AuditEntry", "Base", "Comment", "Ticket", "TicketActivity", "TicketView",
    "User",
]

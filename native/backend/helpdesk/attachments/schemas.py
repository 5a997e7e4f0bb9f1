from __future__ import annotations

from datetime import datetime

from pydantic import Field

from helpdesk.schemas import Output, UserRef


class AttachmentRead(Output):
    id: int
    ticket_id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: UserRef = Field(validation_alias="uploader")
    created_at: datetime


class AttachmentList(Output):
    items: list[AttachmentRead]

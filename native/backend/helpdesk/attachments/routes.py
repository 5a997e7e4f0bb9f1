from __future__ import annotations

from urllib.parse import quote

from flask import Response, current_app, request
from flask_jwt_extended import current_user

from helpdesk.api import ApiBlueprint
from helpdesk.attachments import service
from helpdesk.attachments.models import Attachment
from helpdesk.attachments.schemas import AttachmentList, AttachmentRead
from helpdesk.database import get_session
from helpdesk.errors import Invalid

api = ApiBlueprint("attachments", "/api/v1")
UPLOAD_FORM = {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary"}},
}


@api.endpoint("GET", "/tickets/<id:ticket_id>/attachments", summary="A ticket's files",
              response=AttachmentList)
def list_attachments(ticket_id: int) -> AttachmentList:
    rows = service.list_attachments(session=get_session(), actor=current_user,
                                    ticket_id=ticket_id)
    return AttachmentList.model_validate({"items": rows}, from_attributes=True)


@api.endpoint("POST", "/tickets/<id:ticket_id>/attachments",
              summary="Upload a file (multipart field `file`; PNG, JPEG, GIF, PDF, text)",
              response=AttachmentRead, status=201, form=UPLOAD_FORM)
def add_attachment(ticket_id: int) -> Attachment:
    upload = request.files.get("file")
    if upload is None:
        raise Invalid("Send the file as multipart/form-data in the field `file`.",
                      fields={"file": "missing"}, reason="file_missing",
                      field_errors={"file": "missing"})
    limit = current_app.config["MAX_ATTACHMENT_BYTES"]
    data = upload.stream.read(limit + 1)
    return service.add_attachment(session=get_session(), actor=current_user, ticket_id=ticket_id,
                                  filename=upload.filename or "file", data=data, max_bytes=limit)


@api.endpoint("GET", "/attachments/<id:attachment_id>",
              summary="Download a file (always as an attachment, inert)",
              content="application/octet-stream")
def download_attachment(attachment_id: int) -> Response:
    attachment, _ticket = service.get_attachment(session=get_session(), actor=current_user,
                                                 attachment_id=attachment_id, with_data=True)
    ascii_name = attachment.filename.encode("ascii", "replace").decode().replace('"', "_")
    disposition = (f'attachment; filename="{ascii_name}"; '
                   f"filename*=UTF-8''{quote(attachment.filename)}")
    # content_type, not mimetype: werkzeug appends "; charset=utf-8" to a text/* mimetype
    # itself, and the stored type of a text file is plain "text/plain".
    content_type = "text/plain; charset=utf-8" if attachment.content_type == "text/plain" \
        else attachment.content_type
    return Response(attachment.data, content_type=content_type, headers={
        "Content-Disposition": disposition,
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "X-Content-Type-Options": "nosniff",
    })


@api.endpoint("DELETE", "/attachments/<id:attachment_id>", summary="Delete a file")
def delete_attachment(attachment_id: int) -> None:
    service.delete_attachment(session=get_session(), actor=current_user,
                              attachment_id=attachment_id)

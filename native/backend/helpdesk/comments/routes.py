from __future__ import annotations

from flask_jwt_extended import current_user

from helpdesk.api import ApiBlueprint
from helpdesk.comments import service
from helpdesk.comments.schemas import (
    CommentCreate,
    CommentCreated,
    CommentList,
    CommentPageQuery,
)
from helpdesk.database import get_session

api = ApiBlueprint("comments", "/api/v1")


@api.endpoint("GET", "/tickets/<id:ticket_id>/comments",
              summary="A ticket's thread, a page at a time: the newest first, then `before`",
              query=CommentPageQuery, response=CommentList)
def list_comments(ticket_id: int, query: CommentPageQuery) -> CommentList:
    rows, older = service.list_comments(session=get_session(), actor=current_user,
                                        ticket_id=ticket_id, before=query.before,
                                        limit=query.limit)
    return CommentList.model_validate({"items": rows, "older": older}, from_attributes=True)


@api.endpoint("POST", "/tickets/<id:ticket_id>/comments", summary="Reply or add a note",
              body=CommentCreate, response=CommentCreated, status=201)
def add_comment(ticket_id: int, body: CommentCreate) -> CommentCreated:
    comment, ticket = service.add_comment(session=get_session(), actor=current_user,
                                          ticket_id=ticket_id, data=body)
    return CommentCreated.model_validate({"comment": comment, "ticket": ticket},
                                          from_attributes=True)

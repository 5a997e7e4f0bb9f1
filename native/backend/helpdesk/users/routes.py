from __future__ import annotations

from flask_jwt_extended import current_user

from helpdesk.api import ApiBlueprint
from helpdesk.database import get_session
from helpdesk.users import service
from helpdesk.users.models import User
from helpdesk.users.schemas import (
    UserCreate,
    UserPage,
    UserQuery,
    UserRead,
    UserRefList,
    UserUpdate,
)

api = ApiBlueprint("users", "/api/v1")


@api.endpoint("GET", "/users", summary="Accounts (admin)", query=UserQuery, response=UserPage)
def list_users(query: UserQuery) -> UserPage:
    rows, total = service.list_users(session=get_session(), actor=current_user, query=query)
    return UserPage.model_validate({"items": rows, "total": total, "page": query.page,
                                    "per_page": query.per_page}, from_attributes=True)


@api.endpoint("GET", "/users/assignable",
              summary="Active support and admin accounts a ticket can be assigned to (staff)",
              response=UserRefList)
def list_assignable() -> UserRefList:
    staff = service.assignable_staff(session=get_session(), actor=current_user)
    return UserRefList.model_validate({"items": staff}, from_attributes=True)


@api.endpoint("POST", "/users", summary="Create an account (admin)", body=UserCreate,
              response=UserRead, status=201)
def create_user(body: UserCreate) -> User:
    return service.create_user(session=get_session(), actor=current_user, data=body)


@api.endpoint("GET", "/users/<id:user_id>", summary="One account (admin)", response=UserRead)
def get_user(user_id: int) -> User:
    service.require_admin(current_user)
    return service.get_user(session=get_session(), user_id=user_id)


@api.endpoint("PATCH", "/users/<id:user_id>",
              summary="Change role, e-mail, active flag; reset the password (admin)",
              body=UserUpdate, response=UserRead)
def update_user(user_id: int, body: UserUpdate) -> User:
    return service.update_user(session=get_session(), actor=current_user, user_id=user_id,
                               data=body)


@api.endpoint("DELETE", "/users/<id:user_id>",
              summary="Delete an account without tickets or comments (admin)")
def delete_user(user_id: int) -> None:
    service.delete_user(session=get_session(), actor=current_user, user_id=user_id)

"""Accounts: create, change, deactivate, delete; demo accounts and the first admin."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from helpdesk.audit import service as audit
from helpdesk.comments.models import Comment
from helpdesk.config import ConfigError
from helpdesk.domain import PASSWORD_MIN, can, password_problem
from helpdesk.errors import Conflict, Forbidden, Invalid, NotFound
from helpdesk.passwords import hash_password, verify_password
from helpdesk.tickets.models import Ticket
from helpdesk.users.models import User
from helpdesk.users.schemas import ProfileUpdate, UserCreate, UserQuery, UserUpdate

DEMO_ACCOUNTS = (
    ("admin", "admin123", "admin", "admin@example.com"),
    ("support", "support123", "support", "support@example.com"),
    ("user", "user123", "user", "user@example.com"),
)
AUDITED_FIELDS = ("email", "role", "is_active", "language", "email_notifications")


def snapshot(user: User) -> dict[str, Any]:
    return {name: getattr(user, name) for name in ("username", *AUDITED_FIELDS)}


def require_admin(actor: User) -> None:
    if not can(actor, "manage_users"):
        raise Forbidden("Only administrators may manage accounts.", reason="admin_only")


def find_by_username(*, session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.username) == username.lower()))


def get_user(*, session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("There is no such account.", reason="account_not_found")
    return user


def list_users(*, session: Session, actor: User, query: UserQuery) -> tuple[list[User], int]:
    require_admin(actor)
    statement = select(User)
    if query.role:
        statement = statement.where(User.role == query.role)
    if query.active is not None:
        statement = statement.where(User.is_active == query.active)
    if query.q:
        pattern = "%" + query.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(or_(User.username.ilike(pattern), User.email.ilike(pattern)))
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = session.scalars(statement.order_by(func.lower(User.username))
                           .limit(query.per_page).offset((query.page - 1) * query.per_page))
    return list(rows), total


def assignable_staff(*, session: Session, actor: User) -> list[User]:
    """Active support and admin accounts: whom a ticket may be assigned to (staff only)."""
    if not can(actor, "view_internal"):
        raise Forbidden("Only support and admin assign tickets.", reason="staff_only_assign")
    return list(session.scalars(select(User).where(
        User.role.in_(("support", "admin")), User.is_active.is_(True))
        .order_by(func.lower(User.username))))


def _check_password(password: str, username: str, field: str = "password") -> None:
    problem = password_problem(password, username)
    if problem:
        raise Invalid(problem, fields={field: problem}, reason="weak_password",
                      field_errors={field: "weak_password"}, params={"min": PASSWORD_MIN})


def create_user(*, session: Session, actor: User | None, data: UserCreate,
                default_password: bool = False) -> User:
    """Create an account. `actor` None is the system (demo accounts, first admin)."""
    if actor is not None:
        require_admin(actor)
    if not default_password:  # the documented demo passwords predate the policy
        _check_password(data.password, data.username)
    if find_by_username(session=session, username=data.username):
        raise Conflict("This username is taken.", fields={"username": "already taken"},
                       reason="username_taken", field_errors={"username": "taken"})
    user = User(username=data.username, email=data.email, role=data.role,
                language=data.language, password_hash=hash_password(data.password),
                has_default_password=default_password)
    session.add(user)
    session.flush()
    audit.record(session=session, action="user.create", entity_type="user", entity_id=user.id,
                 actor=actor, actor_username=None if actor else "system", after=snapshot(user))
    return user


def _other_active_admins(session: Session, user: User) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.is_active.is_(True), User.id != user.id)) or 0


def update_user(*, session: Session, actor: User, user_id: int, data: UserUpdate) -> User:
    require_admin(actor)
    user = get_user(session=session, user_id=user_id)
    before = snapshot(user)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    losing_admin = (user.role == "admin" and user.is_active and (
        changes.get("role", "admin") != "admin" or changes.get("is_active") is False))
    if losing_admin and _other_active_admins(session, user) == 0:
        raise Conflict("The last active administrator can neither be demoted nor deactivated.",
                       reason="last_admin")
    password = changes.pop("password", None)
    for name, value in changes.items():
        setattr(user, name, value)
    if password is not None:
        _check_password(password, user.username)
        user.password_hash = hash_password(password)
        user.has_default_password = False
    if password is not None or changes.get("is_active") is False or "role" in changes:
        user.token_generation += 1  # every session of the account ends now
    session.flush()
    after = snapshot(user)
    if password is not None:
        after["password_reset"] = True
    audit.record(session=session, action="user.update", entity_type="user", entity_id=user.id,
                 actor=actor, before=before, after=after)
    return user


def delete_user(*, session: Session, actor: User, user_id: int) -> None:
    require_admin(actor)
    user = get_user(session=session, user_id=user_id)
    if user.id == actor.id:
        raise Conflict("You cannot delete your own account.", reason="cannot_delete_self")
    has_work = session.scalar(select(
        exists().where(Ticket.created_by == user.id)
        | exists().where(Ticket.assigned_to == user.id)
        | exists().where(Comment.author_id == user.id)))
    if has_work:
        raise Conflict("This account has tickets or comments; deactivate it instead.",
                       reason="account_in_use")
    before = snapshot(user)
    session.delete(user)
    session.flush()
    audit.record(session=session, action="user.delete", entity_type="user", entity_id=user_id,
                 actor=actor, before=before)


def update_profile(*, session: Session, actor: User, data: ProfileUpdate) -> User:
    before = snapshot(actor)
    for name, value in data.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(actor, name, value)
    session.flush()
    audit.record(session=session, action="user.profile", entity_type="user", entity_id=actor.id,
                 actor=actor, before=before, after=snapshot(actor))
    return actor


def change_own_password(*, session: Session, actor: User, current: str, new: str) -> User:
    if not verify_password(actor.password_hash, current):
        raise Invalid("The current password is wrong.", reason="wrong_current_password",
                      fields={"current_password": "wrong password"},
                      field_errors={"current_password": "wrong_password"})
    _check_password(new, actor.username, "new_password")
    actor.password_hash = hash_password(new)
    actor.has_default_password = False
    actor.token_generation += 1
    session.flush()
    audit.record(session=session, action="user.password", entity_type="user", entity_id=actor.id,
                 actor=actor)
    return actor


def seed_accounts(session: Session, config: dict[str, Any]) -> None:
    """On first start: the demo accounts (development) or the first admin (production)."""
    if session.scalar(select(exists().where(User.id.is_not(None)))):
        return
    if config["CREATE_DEMO_ACCOUNTS"]:
        for username, password, role, email in DEMO_ACCOUNTS:
            create_user(session=session, actor=None, default_password=True, data=UserCreate(
                username=username, password=password, role=role, email=email))
    if not (config["ADMIN_USERNAME"] and config["ADMIN_PASSWORD"]):
        if config["APP_ENV"] == "production":
            raise ConfigError("The database has no accounts: set ADMIN_USERNAME, ADMIN_EMAIL "
                              "and ADMIN_PASSWORD for the first administrator.")
        return
    if not find_by_username(session=session, username=config["ADMIN_USERNAME"]):
        create_user(session=session, actor=None, data=UserCreate(
            username=config["ADMIN_USERNAME"], password=config["ADMIN_PASSWORD"],
            email=config["ADMIN_EMAIL"] or "admin@localhost", role="admin"))

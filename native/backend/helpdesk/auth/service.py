"""Signing in: the same answer and the same time for an unknown user and a wrong password."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpdesk.audit import service as audit
from helpdesk.passwords import hash_password, needs_rehash, verify_password
from helpdesk.users.models import User
from helpdesk.users.service import find_by_username


def authenticate(*, session: Session, username: str, password: str) -> tuple[User | None, str]:
    """(account, "ok") or (None, "wrong" | "inactive"); every attempt is audited."""
    user = find_by_username(session=session, username=username)
    if not verify_password(user.password_hash if user else None, password):
        audit.record(session=session, action="auth.login_failed", entity_type="user",
                     entity_id=user.id if user else None, actor_username=username[:64],
                     after={"reason": "wrong credentials"})
        return None, "wrong"
    assert user is not None
    if not user.is_active:
        audit.record(session=session, action="auth.login_failed", entity_type="user",
                     entity_id=user.id, actor=user, after={"reason": "deactivated"})
        return None, "inactive"
    if needs_rehash(user.password_hash):  # e.g. Nano's scrypt, carried over by an archive
        user.password_hash = hash_password(password)
    audit.record(session=session, action="auth.login", entity_type="user", entity_id=user.id,
                 actor=user)
    return user, "ok"


def default_password_accounts(*, session: Session) -> list[str]:
    return list(session.scalars(select(User.username).where(
        User.has_default_password.is_(True), User.is_active.is_(True)).order_by(User.username)))

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import StringConstraints

from helpdesk.domain import USERNAME_MAX, USERNAME_MIN
from helpdesk.schemas import Input, Output, PageQuery, Password, UserRef

Username = Annotated[str, StringConstraints(
    strip_whitespace=True, min_length=USERNAME_MIN, max_length=USERNAME_MAX,
    pattern=r"^[A-Za-z0-9._@-]+$",
)]
Email = Annotated[str, StringConstraints(
    strip_whitespace=True, max_length=254, pattern=r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$",
)]
Role = Literal["user", "support", "admin"]
Language = Literal["en", "de"]


class UserRead(Output):
    id: int
    username: str
    email: str
    role: Role
    is_active: bool
    language: Language
    email_notifications: bool
    has_default_password: bool
    created_at: datetime


class UserCreate(Input):
    username: Username
    email: Email
    role: Role = "user"
    password: Password
    language: Language = "en"


class UserUpdate(Input):
    """Admin changes to an account; `password` resets it."""

    email: Email | None = None
    role: Role | None = None
    is_active: bool | None = None
    password: Password | None = None
    language: Language | None = None
    email_notifications: bool | None = None


class ProfileUpdate(Input):
    """What everyone may change about their own account."""

    language: Language | None = None
    email_notifications: bool | None = None


class UserQuery(PageQuery):
    role: Role | None = None
    active: bool | None = None
    q: Annotated[str, StringConstraints(max_length=64)] | None = None


class UserPage(Output):
    items: list[UserRead]
    total: int
    page: int
    per_page: int


class UserRefList(Output):
    items: list[UserRef]

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from helpdesk.schemas import Input, Output, Password
from helpdesk.users.schemas import UserRead


class Credentials(Input):
    username: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                               max_length=64)]
    password: Password


class LoginResult(Output):
    """A browser sign-in: the tokens are in HttpOnly cookies, never in the body."""

    user: UserRead
    expires_in: int


class TokenPair(Output):
    access_token: str
    refresh_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 (a scheme name)
    expires_in: int


class SessionRenewed(Output):
    """Tokens are present only for API clients; browsers get fresh cookies instead."""

    access_token: str | None = None
    refresh_token: str | None = None
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 (a scheme name)
    expires_in: int


class PasswordChange(Input):
    current_password: Password
    new_password: Password


class Me(UserRead):
    """The signed-in account; `default_password_accounts` warns admins (else empty)."""

    default_password_accounts: list[str]


class LogoutQuery(Input):
    everywhere: bool = False

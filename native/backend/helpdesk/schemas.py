"""Pieces every area's schemas share."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from helpdesk.domain import PASSWORD_MAX, TEXT_MAX, TITLE_MAX


def _iso_only(value: object) -> object:
    # pydantic would read "0.5" as a Unix time; a query parameter must be ISO 8601.
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9.]+\s*", value):
        raise ValueError("expected an ISO 8601 date and time with a time zone")
    return value


Timestamp = Annotated[AwareDatetime, BeforeValidator(_iso_only)]

INT4_MAX = 2**31 - 1  # the range of PostgreSQL's integer, the type of every id column


def _no_nul(value: str) -> str:
    # PostgreSQL's text cannot hold NUL; refused here, the field is named in the answer.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


NoNul = AfterValidator(_no_nul)


class Input(BaseModel):
    """A request schema: unknown fields are refused, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                         max_length=TITLE_MAX), NoNul]
LongText = Annotated[str, StringConstraints(max_length=TEXT_MAX), NoNul]
Body = Annotated[str, StringConstraints(min_length=1, max_length=TEXT_MAX), NoNul]
Password = Annotated[str, StringConstraints(min_length=1, max_length=PASSWORD_MAX)]
Page = Annotated[int, Field(ge=1, le=100_000)]
PerPage = Annotated[int, Field(ge=1, le=100)]
Id = Annotated[int, Field(ge=1, le=INT4_MAX)]
Version = Annotated[int, Field(ge=1, le=INT4_MAX)]


class PageQuery(Input):
    page: Page = 1
    per_page: PerPage = 25


class UserRef(Output):
    id: int
    username: str

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, StringConstraints, ValidationInfo, field_validator

from helpdesk.schemas import (
    INT4_MAX,
    Body,
    Id,
    Input,
    LongText,
    NoNul,
    Output,
    PageQuery,
    Title,
    UserRef,
    Version,
)

Category = Literal["bug", "feature", "support"]
Priority = Literal["low", "medium", "high"]
Status = Literal["new", "in_progress", "resolved", "closed"]
Sort = Literal["updated", "-updated", "created", "-created", "priority", "-priority"]


def _an_id_in_range(value: str) -> str:
    if value not in ("me", "none") and int(value) > INT4_MAX:
        raise ValueError(f"a user id is at most {INT4_MAX}")
    return value


# [0-9] (not \d): ASCII digits only, so "²" or "٣" are refused rather than read as numbers.
PersonFilter = Annotated[str, StringConstraints(pattern=r"^(me|none|[1-9][0-9]{0,9})$"),
                         AfterValidator(_an_id_in_range)]
Search = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), NoNul]


class TicketCreate(Input):
    """The creator is always the caller; status starts as `new`."""

    title: Title
    description: LongText = ""
    category: Category
    priority: Priority = "medium"


class ReplyIn(Input):
    """A reply sent with the change; `internal` (a note only staff see) is for staff."""

    body: Body
    internal: bool = False


class TicketUpdate(Input):
    """Fields allowed depend on the role (see domain.editable_fields); `version` (or an
    If-Match header) guards against overwriting someone else's newer change. `reply` adds
    a reply in the same transaction: support's one form for reply, status and details."""

    title: Title | None = None
    description: LongText | None = None
    category: Category | None = None
    priority: Priority | None = None
    status: Status | None = None
    assigned_to: Id | None = None
    version: Version | None = None
    reply: ReplyIn | None = None


class TicketFilter(Input):
    status: Status | None = None
    priority: Priority | None = None
    category: Category | None = None
    assignee: PersonFilter | None = Field(None, description="`me`, `none` or a user id")
    created_by: PersonFilter | None = Field(None, description="`me` or a user id")
    q: Search | None = Field(None, description="Full-text search over title, text, comments")
    unread: bool | None = Field(None, description="`true`: only tickets with activity you "
                                "have not seen yet (the badge's tickets)")
    sort: Sort = "-updated"


def _time_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("not a known IANA time zone such as Europe/Berlin") from None
    return name


TimeZoneName = Annotated[str, StringConstraints(min_length=1, max_length=64),
                         AfterValidator(_time_zone)]


class ExportQuery(TicketFilter):
    """The list's filters, and how the reader writes words and times (else their profile's
    language and UTC)."""

    lang: Literal["en", "de"] | None = Field(None, description="Headers, labels, `;` for de")
    tz: TimeZoneName | None = Field(None, description="IANA zone of the times, e.g. Europe/Berlin")


MAX_DEPTH = 10_000


class TicketQuery(TicketFilter, PageQuery):
    @field_validator("per_page")
    @classmethod
    def not_too_deep(cls, per_page: int, info: ValidationInfo) -> int:
        # Deep OFFSETs get slow on big tables; beyond this, filters or search find faster.
        if (info.data.get("page", 1) - 1) * per_page >= MAX_DEPTH:
            raise ValueError(f"page and per_page reach at most {MAX_DEPTH:,} tickets deep; "
                             "narrow the list with filters or search")
        return per_page


class TicketRead(Output):
    id: int
    title: str
    description: str
    category: Category
    priority: Priority
    status: Status
    created_by: UserRef = Field(validation_alias="creator")
    assigned_to: UserRef | None = Field(validation_alias="assignee")
    last_updated_by: UserRef | None = Field(validation_alias="updater")
    created_at: datetime
    updated_at: datetime
    version: int
    unread: bool = False


class TicketPage(Output):
    items: list[TicketRead]
    total: int = Field(description="Exact up to 1,000; `total_capped` says when it is more")
    total_capped: bool
    page: int
    per_page: int


class TimelineEvent(Output):
    """A change of status or assignee, from the audit trail: `kind` says which, `before`
    and `after` are status codes or people (null: nobody)."""

    id: int
    kind: Literal["status", "assignee"]
    at: datetime
    actor: UserRef | None
    before: Status | UserRef | None
    after: Status | UserRef | None


class Timeline(Output):
    items: list[TimelineEvent] = Field(description="Oldest first; at most the newest 500")

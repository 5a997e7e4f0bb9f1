"""Is this database empty enough to import into? No tickets, and no accounts apart from
the untouched ones Native creates itself: the demo accounts with their documented
passwords and the first administrator from ADMIN_USERNAME/ADMIN_PASSWORD."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpdesk.archive.format import NotEmpty
from helpdesk.passwords import verify_password
from helpdesk.tickets.models import Ticket
from helpdesk.users.models import User
from helpdesk.users.service import DEMO_ACCOUNTS


def untouched_passwords(config: Mapping[str, Any]) -> dict[str, str]:
    """username (lower case) → the password an account of Native's own still has."""
    passwords = {name: password for name, password, _role, _email in DEMO_ACCOUNTS}
    if config.get("ADMIN_USERNAME") and config.get("ADMIN_PASSWORD"):
        passwords[config["ADMIN_USERNAME"].lower()] = config["ADMIN_PASSWORD"]
    return passwords


def is_untouched(user: User, passwords: Mapping[str, str]) -> bool:
    password = passwords.get(user.username.lower())
    return password is not None and verify_password(user.password_hash, password)


def require_empty(session: Session, config: Mapping[str, Any]) -> list[User]:
    """The accounts the archive's accounts replace; ArchiveError when the database is in
    use (the message says what is there)."""
    tickets = session.scalar(select(func.count()).select_from(Ticket)) or 0
    accounts = list(session.scalars(select(User).order_by(User.id)))
    passwords = untouched_passwords(config)
    in_use = [user.username for user in accounts if not is_untouched(user, passwords)]
    if tickets or in_use:
        found = []
        if tickets:
            found.append(f"{tickets} tickets")
        if in_use:
            found.append(f"{len(in_use)} accounts in use ({', '.join(in_use[:5])}"
                         f"{', …' if len(in_use) > 5 else ''})")
        raise NotEmpty("The database is not empty: it has " + " and ".join(found)
                       + ". Import only into a new, empty database; merging is not supported.")
    return accounts

"""The pure rules of Nano's domain section: codes, workflow, permissions, validation."""

import pytest


def actor(nano, role="user", user_id=1):
    return nano.Actor(user_id, role, role)


def ticket(status="new", created_by=1):
    return {"status": status, "created_by": created_by}


def test_codes_match_the_specification(nano):
    assert nano.ROLES == ("user", "support", "admin")
    assert nano.CATEGORIES == ("bug", "feature", "support")
    assert nano.PRIORITIES == ("low", "medium", "high")
    assert nano.STATUSES == ("new", "in_progress", "resolved", "closed")


@pytest.mark.parametrize(("status", "expected"), [
    ("new", ["in_progress"]),
    ("in_progress", ["resolved"]),
    ("resolved", ["in_progress", "closed"]),
    ("closed", ["in_progress"]),
])
def test_staff_may_move_a_ticket_along_the_workflow(nano, status, expected):
    assert nano.next_statuses(actor(nano, "support", 9), ticket(status)) == expected


@pytest.mark.parametrize(("status", "expected"), [
    ("new", []), ("in_progress", []), ("resolved", ["in_progress", "closed"]), ("closed", []),
])
def test_the_creator_may_only_confirm_or_reject_a_fix(nano, status, expected):
    assert nano.next_statuses(actor(nano, "user", 1), ticket(status, created_by=1)) == expected


def test_another_user_may_not_change_the_status(nano):
    assert nano.next_statuses(actor(nano, "user", 2), ticket("resolved", created_by=1)) == []


@pytest.mark.parametrize(("old", "new"), [
    ("new", "resolved"), ("new", "closed"), ("in_progress", "closed"), ("closed", "resolved"),
    ("new", "new"), ("new", "deleted"),
])
def test_forbidden_transitions_are_refused(nano, old, new):
    with pytest.raises(nano.RuleError) as refused:
        nano.check_transition(actor(nano, "admin", 9), ticket(old), new)
    assert refused.value.field == "status"


def test_permissions_by_role(nano):
    user, support, admin = (actor(nano, role, 5) for role in ("user", "support", "admin"))
    own, foreign = ticket(created_by=5), ticket(created_by=6)
    assert nano.can(user, "view_ticket", own) and not nano.can(user, "view_ticket", foreign)
    assert nano.can(support, "view_ticket", foreign) and nano.can(admin, "view_ticket", foreign)
    assert not nano.can(user, "write_internal", own)
    assert nano.can(support, "write_internal", foreign)
    assert not nano.can(support, "manage_users") and nano.can(admin, "manage_users")
    assert not nano.can(support, "delete_ticket", foreign)
    assert nano.can(admin, "delete_ticket", foreign)
    assert not nano.can(user, "view_dashboard") and nano.can(support, "view_dashboard")


def test_ticket_validation_names_every_bad_field(nano):
    with pytest.raises(nano.FormErrors) as refused:
        nano.clean_ticket("   ", "x" * 20_001, "printer", "urgent")
    assert set(refused.value.errors) == {"title", "description", "category", "priority"}
    assert refused.value.errors["title"].key == "error_required"
    assert refused.value.errors["description"].params == {"max": 20_000, "length": 20_001}


def test_title_is_trimmed_and_limited_to_200_characters(nano):
    assert nano.clean_ticket("  Drucker  ", "", "bug", "low")["title"] == "Drucker"
    assert nano.clean_ticket("x" * 200, "", "bug", "low")["title"] == "x" * 200
    with pytest.raises(nano.FormErrors):
        nano.clean_ticket("x" * 201, "", "bug", "low")


@pytest.mark.parametrize(("password", "key"), [
    ("short", "error_password_short"), ("Margarete", "error_password_username"),
])
def test_weak_passwords_are_refused(nano, password, key):
    with pytest.raises(nano.RuleError) as refused:
        nano.check_password(password, "margarete")
    assert refused.value.key == key


@pytest.mark.parametrize("name", ["ab", "a" * 65, "bad name", "<script>", "x'--", "ümlaut"])
def test_usernames_are_restricted(nano, name):
    with pytest.raises(nano.RuleError):
        nano.clean_username(name)


def test_email_addresses_are_checked(nano):
    assert nano.clean_email(" it@example.com ") == "it@example.com"
    for bad in ("", "no-at-sign", "a@b", "a b@c.de"):
        with pytest.raises(nano.RuleError):
            nano.clean_email(bad)


def test_passwords_are_hashed_with_scrypt_at_owasp_strength_by_default(nano, monkeypatch):
    monkeypatch.setattr(nano, "SCRYPT_N", 2**17)
    stored = nano.hash_password("correct horse")
    scheme, n, r, p, *_ = stored.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", 2**17, 8, 1)
    assert "correct horse" not in stored
    assert nano.verify_password("correct horse", stored)
    assert not nano.verify_password("correct horsE", stored)


def test_a_damaged_hash_never_verifies(nano):
    assert not nano.verify_password("anything", "not-a-hash")
    assert not nano.verify_password("anything", "md5$1$2$3$AAAA$AAAA")


def test_user_text_in_a_fixed_element_is_escaped(nano):
    shown = nano.plain_html("headline", '#1 "><img src=x onerror=alert(1)> & www.evil.example')
    assert shown.startswith("<p ") and shown.endswith("</p>")
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; www.evil.example" in shown
    assert shown.count("<") == 2  # only the fixed element's own two tags
    assert nano.md_code("www.evil.example") == "`www.evil.example`"


def test_every_text_exists_in_english_and_german(nano):
    assert set(nano.TEXTS["en"]) == set(nano.TEXTS["de"])
    for kind, codes in (("status", nano.STATUSES), ("priority", nano.PRIORITIES),
                        ("category", nano.CATEGORIES), ("role", nano.ROLES)):
        for code in codes:
            assert f"{kind}_{code}" in nano.TEXTS["de"]
    assert nano.TEXTS["de"]["status_in_progress"] == "In Bearbeitung"
    assert nano.TEXTS["de"]["priority_low"] == "Niedrig"
    assert nano.TEXTS["de"]["status_resolved"] == "Erledigt"
    assert nano.TEXTS["de"]["role_user"] == "Anwender"

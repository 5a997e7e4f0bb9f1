"""Every edition's copy of the product facts equals contract/product.toml.

Each edition keeps its own literal copy (Nano is one file, no edition imports another);
these tests fail the moment one copy drifts: a code, a workflow step, a limit, the
username, e-mail and password rules, the lockout policy, the demo accounts, or the
English or German word for a code or a shared part of the interface.
"""

from __future__ import annotations

import pytest

from tests.contract.editions import (
    CODE_KINDS,
    EMAIL_PROBES,
    PASSWORD_PROBES,
    PASSWORD_USERNAME,
    USERNAME_PROBES,
    Copy,
    contract,
    contract_accepts_email,
    contract_accepts_password,
    contract_accepts_username,
    micro_copy,
    nano_copy,
    native_copy,
    spa_copy,
    steps,
    verdicts,
)

EDITIONS = ("nano", "micro", "native", "spa")


@pytest.fixture(scope="module")
def micro_config(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The configuration of a Micro app as `./run micro` creates it."""
    import os

    from micro import create_app

    folder = tmp_path_factory.mktemp("micro-instance")
    previous = os.environ.get("MICRO_INSTANCE_PATH")
    os.environ["MICRO_INSTANCE_PATH"] = str(folder)
    try:
        return dict(create_app({"DATABASE": str(folder / "micro.db")}).config)
    finally:
        if previous is None:
            del os.environ["MICRO_INSTANCE_PATH"]
        else:
            os.environ["MICRO_INSTANCE_PATH"] = previous


@pytest.fixture(scope="module", params=EDITIONS)
def copy(request: pytest.FixtureRequest) -> Copy:
    """One edition's copy of the facts (each test runs once per edition)."""
    if request.param == "micro":
        return micro_copy(request.getfixturevalue("micro_config"))
    return {"nano": nano_copy, "native": native_copy, "spa": spa_copy}[request.param]()


def section(copy: Copy, name: str):
    value = getattr(copy, name)
    if value is None:
        pytest.skip(f"this edition has no {name}")
    return value


def test_codes(copy: Copy) -> None:
    assert section(copy, "codes") == contract()["codes"]


def test_further_copies_of_codes_and_limits(copy: Copy) -> None:
    """Schema CHECKs, API types and schema limits state the same codes and limits."""
    wanted = {**contract()["codes"],
              **{name: [str(value)] for name, value in contract()["limits"].items()}}
    places = copy.code_copies
    if not places:
        pytest.skip("this edition has no further copies")
    for place, values in places.items():
        for kind, codes in values.items():
            assert codes == wanted[kind], f"{place}: {kind}"


def test_workflow(copy: Copy) -> None:
    workflow = contract()["workflow"]
    assert section(copy, "workflow") == {
        "staff": steps(workflow["staff"]), "reporter": steps(workflow["reporter"])}


def test_limits(copy: Copy) -> None:
    limits = section(copy, "limits")
    assert limits == {name: contract()["limits"][name] for name in limits}
    assert {"title_max", "text_max", "password_min", "password_max"} <= set(limits)


def test_username_rule(copy: Copy) -> None:
    assert section(copy, "username") == verdicts(
        contract_accepts_username, USERNAME_PROBES)


def test_email_rule(copy: Copy) -> None:
    assert section(copy, "email") == verdicts(contract_accepts_email, EMAIL_PROBES)


def test_password_rule(copy: Copy) -> None:
    assert section(copy, "password") == verdicts(
        contract_accepts_password, PASSWORD_PROBES, PASSWORD_USERNAME)


def test_lockout_policy(copy: Copy) -> None:
    assert section(copy, "lockout") == contract()["lockout"]


def test_demo_accounts(copy: Copy) -> None:
    assert section(copy, "demo_accounts") == contract()["demo_accounts"]


@pytest.mark.parametrize("kind", CODE_KINDS)
def test_code_labels(copy: Copy, kind: str) -> None:
    assert section(copy, "code_labels")[kind] == contract()["labels"][kind]


def test_shared_interface_words(copy: Copy) -> None:
    assert section(copy, "ui_labels") == contract()["labels"]["ui"]


def test_contract_is_consistent() -> None:
    """The contract's own parts agree: labels for every code, steps between known
    statuses, a permission for every role, demo accounts with known roles."""
    facts = contract()
    codes = facts["codes"]
    for kind, plural in (("role", "roles"), ("status", "statuses"),
                         ("priority", "priorities"), ("category", "categories")):
        assert list(facts["labels"][kind]) == codes[plural]
        assert all(set(label) == set(codes["languages"]) for label in
                   facts["labels"][kind].values())
    assert all(set(label) == set(codes["languages"]) for label in facts["labels"]["ui"].values())
    for step in facts["workflow"]["staff"] + facts["workflow"]["reporter"]:
        assert set(step) <= set(codes["statuses"])
    for action, rule in facts["permissions"].items():
        assert {rule[role] for role in codes["roles"]} <= {"yes", "own", "no"}, action
        assert "own" not in rule.values() or rule.get("needs_ticket"), action
    assert {account["role"] for account in facts["demo_accounts"]} == set(codes["roles"])

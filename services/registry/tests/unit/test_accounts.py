"""Accounts as events: only the province board manages them; passwords only as argon2id hashes."""
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from argon2 import PasswordHasher

from registry.account_commands import (
    ChangeAccountRole, CreateAccount, DisableAccount, ResetAccountPassword, RevokeAccountTokens,
)
from thidua_kernel.errors import ThiduaError

PASSWORD = "mat-khau-du-dai-12"


@pytest.fixture
def accounts(lang_son):
    # Cheap argon2 parameters: the hashing is argon2's own; the rules are what is tested here.
    lang_son.deps = replace(lang_son.deps, passwords=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
                            now=lambda: datetime(2026, 12, 2, tzinfo=timezone.utc))
    return lang_son


def create(username: str = "huyen-180", role: str = "district_officer", scope: str = "180") -> CreateAccount:
    return CreateAccount(username=username, role=role, scope=scope, password=PASSWORD)


async def refusal(accounts, handler: str, cmd, actor) -> tuple[int, str]:
    with pytest.raises(ThiduaError) as refused:
        await accounts.run(handler, cmd, actor)
    return refused.value.status_code, refused.value.rule


async def test_the_board_creates_an_account_with_a_hashed_password(accounts):
    answer = await accounts.run("create_account", create(), key="k")
    assert answer["username"] == "huyen-180" and accounts.count() > 0
    [created] = accounts.payloads("AccountCreated")
    assert created["password_hash"].startswith("$argon2id$") and PASSWORD not in str(accounts.store.events)
    assert accounts.deps.passwords.verify(created["password_hash"], PASSWORD)
    # A retry with the same key answers the first answer (the password is not part of the request hash).
    assert await accounts.run("create_account", create(), key="k") == answer
    assert len(accounts.payloads("AccountCreated")) == 1


@pytest.mark.parametrize("handler, cmd", [
    ("create_account", create()),
    ("change_account_role", ChangeAccountRole(username="huyen-180", role="viewer", scope="20")),
    ("reset_account_password", ResetAccountPassword(username="huyen-180", password=PASSWORD)),
    ("disable_account", DisableAccount(username="huyen-180")),
    ("revoke_account_tokens", RevokeAccountTokens(username="huyen-180")),
])
async def test_only_the_province_board_manages_accounts(accounts, handler, cmd):
    await accounts.run("create_account", create())
    before = accounts.count()
    for actor in (accounts.district_180, accounts.viewer):
        assert await refusal(accounts, handler, cmd, actor) == (403, "AUTH-ROLE")
    assert accounts.count() == before


async def test_roles_scopes_and_lifecycle(accounts):
    assert await refusal(accounts, "create_account", create(scope="06034"), accounts.board) == (422, "ACCOUNT")
    assert await refusal(accounts, "create_account", create(role="root"), accounts.board) == (422, "ACCOUNT")
    assert await refusal(accounts, "create_account", create(role="public", scope="20"), accounts.board) == (
        422, "ACCOUNT")
    await accounts.run("create_account", create())
    assert await refusal(accounts, "create_account", create(), accounts.board) == (409, "ACCOUNT")
    await accounts.run("change_account_role", ChangeAccountRole(username="huyen-180", role="records_officer",
                                                                scope="20"))
    await accounts.run("disable_account", DisableAccount(username="huyen-180"))
    again = ResetAccountPassword(username="huyen-180", password=PASSWORD)
    assert await refusal(accounts, "reset_account_password", again, accounts.board) == (422, "ACCOUNT")
    missing = DisableAccount(username="khong-co")
    assert await refusal(accounts, "disable_account", missing, accounts.board) == (404, "ACCOUNT")
    types = [e.event_type for e in accounts.store.events if e.aggregate_type == "account"]
    assert types == ["AccountCreated", "AccountRoleChanged", "AccountDisabled"]


def test_passwords_are_checked_for_length_at_the_edge():
    with pytest.raises(ValueError):
        CreateAccount(username="huyen-180", role="viewer", scope="20", password="short")
    with pytest.raises(ValueError):
        CreateAccount(username="Bad Name", role="viewer", scope="20", password=PASSWORD)


async def test_a_department_officer_is_scoped_to_a_registered_department_or_organisation(accounts):
    """Its scope is a participant of kind department, mass organisation or Fatherland Front (U3),
    never a unit, a subordinate unit or an unknown code."""
    await accounts.participant("so-nn", "department")
    await accounts.participant("hoi-nd", "mass_organisation", "20")
    await accounts.participant("chi-cuc-tl", "subordinate_unit", "so-nn")
    for scope in ("so-nn", "hoi-nd"):
        answer = await accounts.run("create_account", create(f"can-bo-{scope}", "department_officer", scope))
        assert (answer["role"], answer["scope"]) == ("department_officer", scope)
    for scope in ("180", "chi-cuc-tl", "khong-co"):
        assert await refusal(accounts, "create_account", create("can-bo-x", "department_officer", scope),
                             accounts.board) == (422, "ACCOUNT")
    # ...nor the other way round: a district officer's scope is never a department.
    assert await refusal(accounts, "create_account", create("huyen-x", "district_officer", "so-nn"),
                         accounts.board) == (422, "ACCOUNT")
    moved = ChangeAccountRole(username="can-bo-so-nn", role="department_officer", scope="chi-cuc-tl")
    assert await refusal(accounts, "change_account_role", moved, accounts.board) == (422, "ACCOUNT")

"""Sign-in accounts (an `account` aggregate per user name): the fold and the rules of its changes.

Reading chosen: accounts live in the registry (it already owns who is who in the province: units
and participants), as events like everything else; the province board alone manages them, and the
first administrator comes from the bootstrap command (registry.accounts_cli), never a default.
"""
from dataclasses import dataclass, replace
from typing import Any

from thidua_kernel.auth import DEPARTMENT_OFFICER, DISTRICT_OFFICER, PUBLIC, ROLES
from thidua_kernel.errors import ConcurrencyConflict, DomainRefusal, NotFound

from .programme import SUPPORTS_DISTRICTS

ACCOUNT_ROLES = tuple(r for r in ROLES if r != PUBLIC)  # `public` is granted by a setting, not an account
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{2,63}$"
MIN_PASSWORD, MAX_PASSWORD = 12, 256
# A department officer acts for a department, a mass organisation or a Fatherland Front committee
# (U3): its scope is that participant's code (the kinds that support districts, U6).
DEPARTMENT_KINDS = SUPPORTS_DISTRICTS


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    scope: str
    password_hash: str
    disabled: bool = False


def account_from_events(events: list[tuple[str, dict[str, Any]]]) -> Account | None:
    account: Account | None = None
    for event_type, p in events:
        if event_type == "AccountCreated":
            account = Account(p["username"], p["role"], p["scope"], p["password_hash"])
        elif account is None:
            continue
        elif event_type == "AccountRoleChanged":
            account = replace(account, role=p["role"], scope=p["scope"])
        elif event_type == "AccountPasswordReset":
            account = replace(account, password_hash=p["password_hash"])
        elif event_type == "AccountDisabled":
            account = replace(account, disabled=True)
    return account


def role_fits(role: str, scope: str, unit_level: str | None, participant_kind: str | None = None) -> None:
    """A known account role; a district officer's scope is a registered district, a department
    officer's a registered participant of kind department, mass organisation or Fatherland Front.

    The other roles' scope (the province's code) is not looked up: the first administrator is
    created before any unit is imported."""
    if role not in ACCOUNT_ROLES:
        raise DomainRefusal("ACCOUNT", f"Vai trò {role} không có.", f"No role {role}.", role=role, roles=ACCOUNT_ROLES)
    if role == DISTRICT_OFFICER and unit_level is None:
        raise DomainRefusal("ACCOUNT", f"Phạm vi {scope} không phải đơn vị đã đăng ký.",
                            f"Scope {scope} is not a registered unit.", scope=scope)
    if role == DISTRICT_OFFICER and unit_level != "district":
        raise DomainRefusal("ACCOUNT", f"Cán bộ cấp huyện phải có phạm vi là một huyện, không phải {scope}.",
                            f"A district officer's scope must be a district, not {scope} ({unit_level}).",
                            scope=scope, level=unit_level)
    if role == DEPARTMENT_OFFICER and participant_kind not in DEPARTMENT_KINDS:
        raise DomainRefusal("ACCOUNT", f"Cán bộ sở, ngành phải có phạm vi là một sở, ban, ngành, đoàn thể hoặc"
                            f" UBMTTQ đã đăng ký, không phải {scope}.",
                            f"A department officer's scope must be a registered department, mass organisation"
                            f" or Fatherland Front committee, not {scope} ({participant_kind or unit_level}).",
                            scope=scope, kind=participant_kind, level=unit_level, kinds=DEPARTMENT_KINDS)


def username_is_new(existing: Account | None, username: str) -> None:
    if existing is not None:
        raise ConcurrencyConflict("ACCOUNT", f"Tài khoản {username} đã có.", f"Account {username} already exists.",
                                  username=username)


def active(account: Account | None, username: str) -> Account:
    if account is None:
        raise NotFound("ACCOUNT", f"Không có tài khoản {username}.", f"No account {username}.", username=username)
    if account.disabled:
        raise DomainRefusal("ACCOUNT", f"Tài khoản {username} đã bị khoá.", f"Account {username} is disabled.",
                            username=username)
    return account

"""Account commands (province board only) and the sign-in request, as the HTTP API receives them."""
from pydantic import Field

from thidua_kernel.http import CommandBody

from .domain.accounts import MAX_PASSWORD, MIN_PASSWORD, USERNAME_PATTERN

Username = Field(pattern=USERNAME_PATTERN)
Password = Field(min_length=MIN_PASSWORD, max_length=MAX_PASSWORD)
Scope = Field(pattern=r"^[0-9A-Za-z_.-]{1,32}$")


class CreateAccount(CommandBody):
    """A user with a role and a scope (a unit code); the password is chosen by whoever creates it."""

    username: str = Username
    role: str = Field(max_length=40)
    scope: str = Scope
    display_name: str | None = Field(default=None, max_length=200)
    password: str = Password
    reason: str | None = Field(default=None, max_length=500)


class ChangeAccountRole(CommandBody):
    username: str = Username
    role: str = Field(max_length=40)
    scope: str = Scope
    reason: str | None = Field(default=None, max_length=500)


class ResetAccountPassword(CommandBody):
    username: str = Username
    password: str = Password
    reason: str | None = Field(default=None, max_length=500)


class DisableAccount(CommandBody):
    username: str = Username
    reason: str | None = Field(default=None, max_length=500)


class RevokeAccountTokens(CommandBody):
    """Every token of the account issued so far is refused from now on."""

    username: str = Username
    reason: str | None = Field(default=None, max_length=500)


class RevokeToken(CommandBody):
    """One token (sign out): by its holder, or by the province board."""

    token: str = Field(min_length=1, max_length=8192)
    reason: str | None = Field(default=None, max_length=500)

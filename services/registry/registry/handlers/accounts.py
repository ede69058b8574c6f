"""Accounts: created, re-scoped, reset, disabled and their tokens revoked, by the province board.

A password reaches no event, log line or idempotency record: it is hashed (argon2id, in a worker
thread: ~50 ms of CPU by design) and the request hash is taken over the body without it.
"""
import asyncio
from datetime import datetime, timezone
from typing import Any

from contracts.accounts import (
    AccessTokenRevoked, AccountCreated, AccountDisabled, AccountPasswordReset, AccountRoleChanged, AccountTokensRevoked,
)
from thidua_kernel.auth import PROVINCE_BOARD, require_province_board
from thidua_kernel.commands import Decision, execute
from thidua_kernel.errors import DomainRefusal, NotAuthorised
from thidua_kernel.messages import CommandContext, NewEvent, StreamAppend

from ..account_commands import (
    ChangeAccountRole, CreateAccount, DisableAccount, ResetAccountPassword, RevokeAccountTokens, RevokeToken,
)
from ..domain import accounts
from .deps import RegistryDeps
from .loading import load_history, load_participant, load_unit

MANAGE = "quản lý tài khoản / manage accounts"


async def load_account(deps: RegistryDeps, username: str) -> tuple[accounts.Account | None, int]:
    events, version = await load_history(deps.store, "account", username)
    return accounts.account_from_events(events), version


def account_append(username: str, version: int, event_type: str, payload: Any, now: datetime) -> StreamAppend:
    return StreamAppend("account", username, version, (NewEvent(event_type, payload.model_dump(mode="json"), now),))


async def _scope(deps: RegistryDeps, scope: str) -> tuple[str | None, str | None]:
    """The scope's unit level (a registered unit) or participant kind (a registered participant)."""
    unit, _ = await load_unit(deps.store, scope)
    if unit is not None:
        return unit.level, None
    participant, _ = await load_participant(deps.store, scope)
    return None, participant.kind if participant is not None else None


async def create_account(deps: RegistryDeps, ctx: CommandContext, cmd: CreateAccount) -> dict[str, Any]:
    require_province_board(ctx.actor, MANAGE)
    password_hash = await asyncio.to_thread(deps.passwords.hash, cmd.password)

    async def decide() -> Decision:
        existing, version = await load_account(deps, cmd.username)
        accounts.username_is_new(existing, cmd.username)
        accounts.role_fits(cmd.role, cmd.scope, *await _scope(deps, cmd.scope))
        event = AccountCreated(username=cmd.username, role=cmd.role, scope=cmd.scope, display_name=cmd.display_name,
                               password_hash=password_hash)
        return Decision([account_append(cmd.username, version, "AccountCreated", event, deps.now())],
                        {"username": cmd.username, "role": cmd.role, "scope": cmd.scope})

    return await execute(deps.store, ctx, "CreateAccount", cmd.model_dump(mode="json", exclude={"password"}), decide)


async def change_account_role(deps: RegistryDeps, ctx: CommandContext, cmd: ChangeAccountRole) -> dict[str, Any]:
    require_province_board(ctx.actor, MANAGE)

    async def decide() -> Decision:
        account, version = await load_account(deps, cmd.username)
        accounts.active(account, cmd.username)
        accounts.role_fits(cmd.role, cmd.scope, *await _scope(deps, cmd.scope))
        event = AccountRoleChanged(username=cmd.username, role=cmd.role, scope=cmd.scope)
        return Decision([account_append(cmd.username, version, "AccountRoleChanged", event, deps.now())],
                        {"username": cmd.username, "role": cmd.role, "scope": cmd.scope})

    return await execute(deps.store, ctx, "ChangeAccountRole", cmd.model_dump(mode="json"), decide)


async def reset_account_password(deps: RegistryDeps, ctx: CommandContext, cmd: ResetAccountPassword) -> dict[str, Any]:
    require_province_board(ctx.actor, MANAGE)
    password_hash = await asyncio.to_thread(deps.passwords.hash, cmd.password)

    async def decide() -> Decision:
        account, version = await load_account(deps, cmd.username)
        accounts.active(account, cmd.username)
        event = AccountPasswordReset(username=cmd.username, password_hash=password_hash)
        return Decision([account_append(cmd.username, version, "AccountPasswordReset", event, deps.now())],
                        {"username": cmd.username})

    return await execute(deps.store, ctx, "ResetAccountPassword",
                         cmd.model_dump(mode="json", exclude={"password"}), decide)


async def disable_account(deps: RegistryDeps, ctx: CommandContext, cmd: DisableAccount) -> dict[str, Any]:
    require_province_board(ctx.actor, MANAGE)
    return await _account_event(deps, ctx, cmd.username, "AccountDisabled", AccountDisabled(username=cmd.username))


async def revoke_account_tokens(deps: RegistryDeps, ctx: CommandContext, cmd: RevokeAccountTokens) -> dict[str, Any]:
    require_province_board(ctx.actor, MANAGE)
    return await _account_event(deps, ctx, cmd.username, "AccountTokensRevoked",
                                AccountTokensRevoked(username=cmd.username), must_be_active=False)


async def _account_event(deps: RegistryDeps, ctx: CommandContext, username: str, event_type: str, event: Any,
                         must_be_active: bool = True) -> dict[str, Any]:
    async def decide() -> Decision:
        account, version = await load_account(deps, username)
        if must_be_active:
            accounts.active(account, username)
        elif account is None:
            accounts.active(None, username)
        return Decision([account_append(username, version, event_type, event, deps.now())], {"username": username})

    return await execute(deps.store, ctx, event_type, {"username": username}, decide)


async def revoke_token(deps: RegistryDeps, ctx: CommandContext, cmd: RevokeToken) -> dict[str, Any]:
    """Sign out: the token's own holder, or the province board, ends one token (by its jti)."""
    claims = await deps.token_claims(cmd.token)
    username, jti = str(claims["sub"]), claims.get("jti")
    if jti is None:
        raise DomainRefusal("ACCOUNT", "Mã này không có jti: hãy thu hồi mọi mã của tài khoản.",
                            "This token has no jti: revoke all of the account's tokens instead.", username=username)
    if ctx.actor.role != PROVINCE_BOARD and ctx.actor.principal_id != username:
        raise NotAuthorised("AUTH-ROLE", "Chỉ người giữ mã hoặc Ban Thi đua mới thu hồi được mã này.",
                            "Only the token's holder or the province board may revoke it.",
                            principal=ctx.actor.principal_id)
    expires_at = datetime.fromtimestamp(float(claims["exp"]), timezone.utc)
    event = AccessTokenRevoked(username=username, jti=str(jti), expires_at=expires_at)

    async def decide() -> Decision:
        _, version = await load_account(deps, username)
        return Decision([account_append(username, version, "AccessTokenRevoked", event, deps.now())],
                        {"username": username, "jti": str(jti)})

    return await execute(deps.store, ctx, "RevokeToken", {"jti": str(jti)}, decide)

"""What the registry's handlers need, wired once by the composition root (bootstrap.deps)."""
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher

from thidua_kernel.auth import not_authenticated
from thidua_kernel.eventstore import EventStore
from thidua_kernel.sealing import KeyStore, MemoryKeyStore

from ..adapters.admin_units import ReferenceUnit
from ..domain.reform_2025 import Reform2025


async def no_tokens(token: str) -> dict[str, Any]:
    raise not_authenticated("no_jwt_verifier")


def no_clock() -> datetime:
    raise RuntimeError("account commands need a clock: wire RegistryDeps.now (bootstrap.deps)")


def no_reform(province_code: str) -> Reform2025 | None:
    return None


@dataclass(frozen=True)
class RegistryDeps:
    """The event store and the reference data sets (fakes in unit tests)."""

    store: EventStore
    reference_units: Callable[[str], list[ReferenceUnit]]
    reference_label: Callable[[], str]
    reform_2025: Callable[[str], Reform2025 | None] = no_reform
    reform_label: Callable[[], str] = lambda: "2025 set"
    # Sign-in: the argon2id hasher (cheap parameters in unit tests), the verified claims of a
    # token (the service's JWT verifier), and the clock account events are stamped with.
    passwords: PasswordHasher = field(default_factory=PasswordHasher)
    token_claims: Callable[[str], Awaitable[dict[str, Any]]] = no_tokens
    now: Callable[[], datetime] = no_clock
    # Issue 11: the person keys individuals' names and addresses are sealed with (a KMS's part).
    keys: KeyStore = field(default_factory=MemoryKeyStore)

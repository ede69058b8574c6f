"""Fakes for the registry's unit tests: the in-memory store and a small slice of Lạng Sơn."""
from datetime import datetime, timezone
from typing import Any

import pytest

from contracts.envelope import Actor
from registry.adapters.admin_units import ReferenceUnit
from registry.commands import ImportProvinceUnits, RegisterParticipant
from registry import handlers as commands
from registry.handlers import RegistryDeps
from thidua_kernel.clock import ManualClock
from thidua_kernel.memory_store import InMemoryEventStore
from thidua_kernel.messages import CommandContext

BOARD = Actor(principal_id="board", role="province_board", scope="20")
DISTRICT_180 = Actor(principal_id="huyen-180", role="district_officer", scope="180")
DISTRICT_181 = Actor(principal_id="huyen-181", role="district_officer", scope="181")
VIEWER = Actor(principal_id="viewer", role="viewer", scope="20")
# Real codes of the pre-2025 set (vietnamadminunits), a few of each kind.
SLICE = [
    ReferenceUnit("20", "province", "Tỉnh Lạng Sơn", None, None, None),
    ReferenceUnit("178", "city", "Thành phố Lạng Sơn", "20", None, None),
    ReferenceUnit("180", "rural_district", "Huyện Tràng Định", "20", None, None),
    ReferenceUnit("181", "rural_district", "Huyện Bình Gia", "20", None, None),
    ReferenceUnit("187", "rural_district", "Huyện Chi Lăng", "20", None, None),
    ReferenceUnit("05983", "ward", "Phường Chi Lăng", "178", None, None),
    ReferenceUnit("05992", "rural_commune", "Xã Mai Pha", "178", None, None),
    ReferenceUnit("06034", "rural_commune", "Xã Chi Lăng", "180", None, None),
    ReferenceUnit("06040", "township", "Thị trấn Thất Khê", "180", None, None),
    ReferenceUnit("06046", "rural_commune", "Xã Đề Thám", "180", None, None),
    ReferenceUnit("06100", "rural_commune", "Xã Hoàng Văn Thụ", "181", None, None),
    ReferenceUnit("06106", "rural_commune", "Xã Mông Ân", "181", None, None),
    ReferenceUnit("06112", "township", "Thị trấn Bình Gia", "181", None, None),
    ReferenceUnit("06523", "rural_commune", "Xã Chi Lăng", "187", None, None),
]


class Registry:
    """Given/when helpers over the handler functions, called with fake deps (the in-memory store, a
    slice of reference data); test modules import nothing from here (importlib mode)."""

    board, district_180, district_181, viewer = BOARD, DISTRICT_180, DISTRICT_181, VIEWER

    def __init__(self, deps: RegistryDeps, store: InMemoryEventStore) -> None:
        self.deps = deps
        self.store = store

    @staticmethod
    def ctx(actor: Actor = BOARD, key: str | None = None, document_number: str | None = None) -> CommandContext:
        return CommandContext(actor=actor, idempotency_key=key, document_number=document_number)

    async def run(self, handler: str, cmd: Any, actor: Actor = BOARD, key: str | None = None) -> dict:
        """Run one command as the HTTP API does (the decision number travels in the envelope)."""
        doc = getattr(cmd, "document_number", None)
        return await getattr(commands, handler)(self.deps, self.ctx(actor, key, doc), cmd)

    async def import_slice(self) -> dict:
        return await self.run("import_province_units",
                              ImportProvinceUnits(province_code="20", effective_from="2011-01-01"))

    async def participant(self, code: str, kind: str, parent_code: str | None = None, actor: Actor = BOARD,
                          **extra) -> dict:
        cmd = RegisterParticipant(code=code, kind=kind, name=extra.pop("name", f"Đơn vị {code}"),
                                  parent_code=parent_code, effective_from=extra.pop("effective_from", "2011-06-01"),
                                  **extra)
        return await self.run("register_participant", cmd, actor)

    def payloads(self, event_type: str) -> list[dict]:
        return [e.payload for e in self.store.events if e.event_type == event_type]

    def count(self) -> int:
        return len(self.store.events)


@pytest.fixture
def store():
    return InMemoryEventStore("registry", ManualClock(datetime(2012, 1, 1, tzinfo=timezone.utc)))


@pytest.fixture
def deps(store):
    return RegistryDeps(store, lambda code: SLICE if code == "20" else [], lambda: "test data")


@pytest.fixture
def registry(deps, store) -> Registry:
    return Registry(deps, store)


@pytest.fixture
async def lang_son(registry) -> Registry:
    """The slice registered from 2011-01-01, as the legacy import does."""
    await registry.import_slice()
    return registry

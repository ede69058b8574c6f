"""Fakes for the progress unit tests: the in-memory event store and unit lookup, a manual clock."""
from datetime import date, datetime, timezone

import pytest

from contracts.envelope import Actor
from thidua_kernel.clock import ManualClock
from thidua_kernel.memory_store import InMemoryEventStore
from thidua_kernel.messages import CommandContext

from progress import handlers, matrix_handler, reference_handlers
from progress.adapters.criteria_sets import CriteriaSetCache, memory_criteria_set_ids
from progress.adapters.regions import RegionCache
from progress.adapters.units import InMemoryUnits
from progress.commands import (
    AssessCriterion,
    DeclareRegion,
    PublishBuiltinCriteriaSet,
    RecogniseCommune,
    RecordCommunePlan,
    RevokeRecognition,
    SetThreshold,
)
from progress.deps import Deps, store_stream_versions
from progress.domain.model import Unit

FROM_2011 = date(2011, 1, 1)
BOARD = Actor(principal_id="ban-thi-dua", role="province_board", scope="20")
DISTRICT_180 = Actor(principal_id="ubnd-trang-dinh", role="district_officer", scope="180")
DISTRICT_181 = Actor(principal_id="ubnd-binh-gia", role="district_officer", scope="181")
VIEWER = Actor(principal_id="kiem-toan", role="viewer", scope="20")

# Real Lạng Sơn codes (GSO): Tràng Định 180 with Xã Chi Lăng 06034 and Thị trấn Thất Khê 06040;
# TP Lạng Sơn 178 with Phường Chi Lăng 05983 (same name, other unit: U4); Bình Gia 181.
UNITS = [
    Unit("20", "province", "province", None, FROM_2011, name="Tỉnh Lạng Sơn"),
    Unit("178", "district", "city", "20", FROM_2011, name="Thành phố Lạng Sơn"),
    Unit("180", "district", "rural_district", "20", FROM_2011, name="Huyện Tràng Định"),
    Unit("181", "district", "rural_district", "20", FROM_2011, name="Huyện Bình Gia"),
    Unit("05983", "commune", "ward", "178", FROM_2011, name="Phường Chi Lăng"),
    Unit("06034", "commune", "rural_commune", "180", FROM_2011, name="Xã Chi Lăng"),
    Unit("06040", "commune", "township", "180", FROM_2011, name="Thị trấn Thất Khê"),
    Unit("06031", "commune", "rural_commune", "180", FROM_2011, date(2020, 1, 1), name="Xã Kim Đồng"),
]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2015, 6, 1, 8, 0, tzinfo=timezone.utc))


@pytest.fixture
def store(clock: ManualClock) -> InMemoryEventStore:
    return InMemoryEventStore("progress", clock)


@pytest.fixture
def units() -> InMemoryUnits:
    return InMemoryUnits(UNITS)


def fake_deps(store: InMemoryEventStore, units: InMemoryUnits) -> Deps:
    """The handlers' deps over fakes: the in-memory store and units, the real set cache over them."""
    return Deps(store, units, CriteriaSetCache(store, memory_criteria_set_ids(store)), store_stream_versions(store),
                RegionCache(store))


@pytest.fixture
def deps(store: InMemoryEventStore, units: InMemoryUnits) -> Deps:
    return fake_deps(store, units)


class Scenario:
    """Given/when helpers over the handlers; test modules import nothing from here (importlib mode)."""

    board, district_180, district_181, viewer = BOARD, DISTRICT_180, DISTRICT_181, VIEWER
    handlers, matrix, reference = handlers, matrix_handler, reference_handlers
    fake_deps = staticmethod(fake_deps)

    def __init__(self, deps: Deps, store: InMemoryEventStore) -> None:
        self.deps = deps
        self.store = store

    @staticmethod
    def ctx(actor: Actor = BOARD, key: str | None = None) -> CommandContext:
        return CommandContext(actor=actor, idempotency_key=f"{actor.principal_id}:{key}" if key else None)

    def types(self) -> list[str]:
        return [e.event_type for e in self.store.events]

    async def publish(self, set_id: str = "2009", actor: Actor = BOARD, key: str | None = None) -> dict:
        return await handlers.publish_builtin_criteria_set(
            self.deps, self.ctx(actor, key), PublishBuiltinCriteriaSet(set_id=set_id))

    async def assess(self, criterion: int, met: bool = True, day: date = date(2014, 6, 1), actor: Actor = BOARD,
                     commune: str = "06034", district: str = "180", key: str | None = None, **extra) -> dict:
        cmd = AssessCriterion(commune_code=commune, district_code=district, criterion=criterion, met=met,
                              effective_date=day, **extra)
        return await handlers.assess_criterion(self.deps, self.ctx(actor, key), cmd)

    async def assess_all(self, day: date = date(2014, 6, 1), unmet: tuple[int, ...] = (), **kw) -> None:
        for n in range(1, 20):
            await self.assess(n, met=n not in unmet, day=day, **kw)

    async def recognise(self, day: date = date(2014, 12, 1), actor: Actor = BOARD, commune: str = "06034",
                        district: str = "180", decision: str = "1234/QĐ-UBND", key: str | None = None) -> dict:
        cmd = RecogniseCommune(commune_code=commune, district_code=district, document_number=decision,
                               effective_date=day)
        return await handlers.recognise_commune(self.deps, self.ctx(actor, key), cmd)

    async def revoke(self, day: date, actor: Actor = BOARD, decision: str = "99/QĐ-UBND") -> dict:
        cmd = RevokeRecognition(commune_code="06034", district_code="180", document_number=decision,
                                effective_date=day)
        return await handlers.revoke_recognition(self.deps, self.ctx(actor), cmd)

    async def declare_region(self, region: str = "northern_midlands_mountains", province: str = "20",
                             actor: Actor = BOARD, key: str | None = None, **extra) -> dict:
        cmd = DeclareRegion(province_code=province, region=region, **extra)
        return await reference_handlers.declare_region(self.deps, self.ctx(actor, key), cmd)

    async def set_threshold(self, criterion: int = 2, indicator: str = "2.2", value: float = 60,
                            region: str = "northern_midlands_mountains", set_id: str = "2009",
                            actor: Actor = BOARD, key: str | None = None, **extra) -> dict:
        cmd = SetThreshold(set_id=set_id, criterion=criterion, indicator=indicator, region=region, value=value,
                           **extra)
        return await reference_handlers.set_threshold(self.deps, self.ctx(actor, key), cmd)

    async def record_plan(self, content_areas=(1, 2, 9), criteria=(1, 2, 17), period: str = "2011-2015",
                          commune: str = "06034", district: str = "180", actor: Actor = BOARD,
                          key: str | None = None, document: str = "15/QĐ-UBND", **extra) -> dict:
        cmd = RecordCommunePlan(commune_code=commune, district_code=district, period=period,
                                content_areas=list(content_areas), criteria=list(criteria),
                                document_number=document, **extra)
        return await reference_handlers.record_commune_plan(self.deps, self.ctx(actor, key), cmd)


@pytest.fixture
def scenario(deps: Deps, store: InMemoryEventStore) -> Scenario:
    return Scenario(deps, store)

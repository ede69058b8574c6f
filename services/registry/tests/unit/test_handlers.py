"""Given events → when a command → then events or a refusal, with the in-memory store."""
from datetime import datetime, timezone

import pytest

from contracts.envelope import Actor
from registry.adapters.admin_units import ReferenceUnit
from registry.commands import FormCluster, ImportProvinceUnits, RegisterUnit
from registry.handlers import RegistryDeps, form_cluster, import_province_units, register_unit
from thidua_kernel.clock import ManualClock
from thidua_kernel.errors import DomainRefusal, NotAuthorised
from thidua_kernel.memory_store import InMemoryEventStore
from thidua_kernel.messages import CommandContext

BOARD = Actor(principal_id="board", role="province_board", scope="20")
DISTRICT = Actor(principal_id="huyen-180", role="district_officer", scope="180")
REFERENCE = [
    ReferenceUnit("20", "province", "Tỉnh Lạng Sơn", None, None, None),
    ReferenceUnit("180", "rural_district", "Huyện Tràng Định", "20", None, None),
    ReferenceUnit("187", "rural_district", "Huyện Chi Lăng", "20", None, None),
    ReferenceUnit("06034", "rural_commune", "Xã Chi Lăng", "180", None, None),
    ReferenceUnit("06523", "rural_commune", "Xã Chi Lăng", "187", None, None),
]


@pytest.fixture
def store():
    return InMemoryEventStore("registry", ManualClock(datetime(2012, 1, 1, tzinfo=timezone.utc)))


@pytest.fixture
def deps(store):
    return RegistryDeps(store, lambda code: REFERENCE if code == "20" else [], lambda: "test data")


def ctx(actor=BOARD, key=None):
    return CommandContext(actor=actor, idempotency_key=key)


async def test_import_registers_every_unit_once_and_names_repeat_safely(deps, store):
    cmd = ImportProvinceUnits(province_code="20", effective_from="2011-01-01")
    first = await import_province_units(deps, ctx(), cmd)
    second = await import_province_units(deps, ctx(), cmd)
    assert (first["registered"], second["registered"], second["already_registered"]) == (5, 0, 5)
    chi_lang = [e.payload for e in store.events if e.payload["name"] == "Xã Chi Lăng"]
    assert {(p["code"], p["parent_code"]) for p in chi_lang} == {("06034", "180"), ("06523", "187")}
    assert all(e.actor == BOARD for e in store.events)


async def test_an_unknown_province_is_refused_by_rule(deps):
    with pytest.raises(DomainRefusal) as refusal:
        await import_province_units(deps, ctx(), ImportProvinceUnits(province_code="99", effective_from="2011-01-01"))
    assert refusal.value.rule == "U1"


async def test_a_commune_must_sit_under_a_district(deps, store):
    await import_province_units(deps, ctx(), ImportProvinceUnits(province_code="20", effective_from="2011-01-01"))
    with pytest.raises(DomainRefusal) as refusal:
        await register_unit(deps, ctx(), RegisterUnit(code="09999", unit_type="rural_commune", name="Xã Tô Hiệu",
                                                         parent_code="06034", effective_from="2011-01-01"))
    assert refusal.value.rule == "U1" and refusal.value.figures["parent_level"] == "commune"
    assert len(store.events) == 5


async def test_clusters_group_registered_districts_only(deps):
    await import_province_units(deps, ctx(), ImportProvinceUnits(province_code="20", effective_from="2011-01-01"))
    with pytest.raises(DomainRefusal) as refusal:
        await form_cluster(deps, ctx(), FormCluster(code="border", name="Cụm biên giới",
                                                       member_codes=["180", "06034"], effective_from="2012-01-01"))
    assert refusal.value.rule == "U2" and refusal.value.figures["invalid_members"] == ["06034"]
    formed = await form_cluster(deps, ctx(), FormCluster(code="border", name="Cụm biên giới",
                                                            member_codes=["180"], effective_from="2012-01-01"))
    again = await form_cluster(deps, ctx(), FormCluster(code="border", name="Cụm biên giới",
                                                           member_codes=["180"], effective_from="2012-01-01"))
    assert len(formed["events"]) == 1 and again["events"] == [] and again["unchanged"]


async def test_a_district_officer_may_not_register_units(deps, store):
    with pytest.raises(NotAuthorised):
        await import_province_units(deps, ctx(DISTRICT), ImportProvinceUnits(province_code="20",
                                                                               effective_from="2011-01-01"))
    assert store.events == []


async def test_a_retry_with_the_same_key_appends_nothing(deps, store):
    cmd = RegisterUnit(code="20", unit_type="province", name="Tỉnh Lạng Sơn", effective_from="2011-01-01")
    first = await register_unit(deps, ctx(key="k"), cmd)
    again = await register_unit(deps, ctx(key="k"), cmd)
    assert first == again and len(store.events) == 1

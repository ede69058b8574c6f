"""U8: the 2025 set applied as a change at 2025-07-01: districts gone, communes merged, idempotent."""
from datetime import date

import pytest

from registry.commands import ImportProvinceUnits
from registry.domain.model import unit_from_events
from registry.domain.reform_2025 import DividedCommune, NewCommune, Reform2025
from registry.handlers import RegistryDeps
from thidua_kernel.errors import DomainRefusal

BEFORE, AFTER = date(2025, 6, 30), date(2025, 7, 1)
# A reform of the test slice shaped like the package's data (codes kept from a constituent).
REFORM = Reform2025(
    province_code="20", province_name="Tỉnh Lạng Sơn", latitude=None, longitude=None,
    legacy_province_codes=("20",), legacy_district_codes=("178", "180", "181", "187"),
    communes=(
        NewCommune("06112", "rural_commune", "Xã Bình Gia", None, None, whole=("06100", "06106", "06112"), parts=()),
        NewCommune("05983", "ward", "Phường Lương Văn Tri", None, None, whole=("05983", "05992"), parts=()),
        NewCommune("06040", "rural_commune", "Xã Thất Khê", None, None, whole=("06040",), parts=()),
        NewCommune("06046", "rural_commune", "Xã Tràng Định", None, None, whole=("06046",), parts=("06034",)),
        NewCommune("06523", "rural_commune", "Xã Chi Lăng", None, None, whole=("06523",), parts=()),
        NewCommune("06999", "rural_commune", "Xã Kháng Chiến", None, None, whole=(), parts=("06034",)),
    ),
    divided=(DividedCommune("06034", ("06046", "06999"), "06046"),),
)
APPLY = ImportProvinceUnits(province_code="20", source="vietnamadminunits-2025", effective_from="2025-07-01")


@pytest.fixture
def reformed(registry):
    registry.deps = RegistryDeps(registry.store, registry.deps.reference_units, lambda: "test data",
                                 lambda code: REFORM if code == "20" else None, lambda: "test 2025 set")
    return registry


def unit(registry, code):
    return unit_from_events([(e.event_type, e.payload) for e in registry.store.events if e.aggregate_id == code])


async def test_the_2025_set_is_a_change_at_its_date_and_applying_it_again_changes_nothing(reformed):
    await reformed.import_slice()
    answer = await reformed.run("import_province_units", APPLY)
    assert (answer["registered"], answer["dissolved"]) == (1, 4 + 3 + 1)  # 06999; districts, merged, divided
    binh_gia = unit(reformed, "06112")
    assert (binh_gia.on(BEFORE).name, binh_gia.on(BEFORE).unit_type, binh_gia.on(BEFORE).parent_code) == (
        "Thị trấn Bình Gia", "township", "181")
    assert (binh_gia.on(AFTER).name, binh_gia.on(AFTER).unit_type, binh_gia.on(AFTER).parent_code) == (
        "Xã Bình Gia", "rural_commune", "20")
    assert unit(reformed, "06100").successor_code == "06112" and not unit(reformed, "06100").exists_on(AFTER)
    divided = unit(reformed, "06034")
    assert (divided.successor_code, divided.successor_codes) == ("06046", ("06046", "06999"))
    assert not any(unit(reformed, d).exists_on(AFTER) for d in ("178", "180", "181", "187"))
    assert unit(reformed, "06999").effective_from == AFTER
    chi_lang = unit(reformed, "06523")
    assert chi_lang.on(AFTER).name == "Xã Chi Lăng" and chi_lang.on(AFTER).parent_code == "20"
    assert [e.event_type for e in reformed.store.events if e.aggregate_id == "06523"] == ["UnitRegistered", "UnitMoved"]
    again = await reformed.run("import_province_units", APPLY)
    assert again["events"] == [] and again["dissolved"] == 0


async def test_the_2025_set_needs_the_pre_2025_units_and_its_date(reformed):
    with pytest.raises(DomainRefusal) as refusal:
        await reformed.run("import_province_units", APPLY)
    assert refusal.value.rule == "U8" and refusal.value.figures["missing_legacy_provinces"] == ["20"]
    await reformed.import_slice()
    with pytest.raises(DomainRefusal) as early:
        await reformed.run("import_province_units", APPLY.model_copy(update={"effective_from": date(2025, 1, 1)}))
    assert early.value.rule == "U8"
    with pytest.raises(DomainRefusal) as unknown:
        await reformed.run("import_province_units", APPLY.model_copy(update={"province_code": "99"}))
    assert unknown.value.rule == "U1"

"""U8: a unit's events, translated to the shared fold's changes, fold into versions by effective
date whatever the recording order; a known_at sees only what was recorded by then."""
from datetime import date, datetime, timezone

from contracts.registry import UnitDissolved, UnitMoved, UnitRegistered, UnitRenamed
from registry.domain.model import unit_change, unit_timeline


def change(version, model, doc=None, recorded_at=datetime(2011, 1, 1, tzinfo=timezone.utc)):
    return unit_change(type(model).__name__, model.model_dump(mode="json"), version, recorded_at, doc)


REGISTERED = change(1, UnitRegistered(code="06112", level="commune", unit_type="township", name="Thị trấn Bình Gia",
                                      parent_code="181", effective_from=date(2011, 1, 1), source="test"))


def test_a_registered_unit_has_one_open_version():
    unit = unit_timeline([REGISTERED])
    assert [(v.valid_from, v.valid_to, v.name) for v in unit.versions] == [
        (date(2011, 1, 1), None, "Thị trấn Bình Gia")]
    assert unit.exists_on(date(2011, 1, 1)) and not unit.exists_on(date(2010, 12, 31))


def test_changes_recorded_out_of_date_order_land_in_date_order():
    # the 2025 change was recorded first, a 2015 rename entered later (stream version 3)
    later = change(2, UnitRenamed(code="06112", name="Xã Bình Gia", unit_type="rural_commune",
                                  effective_date=date(2025, 7, 1)), "NQ-2025")
    moved = change(4, UnitMoved(code="06112", parent_code="20", effective_date=date(2025, 7, 1)), "NQ-2025")
    earlier = change(3, UnitRenamed(code="06112", name="Thị trấn Bình Gia mới", effective_date=date(2015, 1, 1)),
                     "QĐ-15")
    unit = unit_timeline([REGISTERED, later, earlier, moved])
    rows = [(v.valid_from, v.valid_to, v.name, v.unit_type, v.parent_code, v.document_number) for v in unit.versions]
    assert rows == [
        (date(2011, 1, 1), date(2015, 1, 1), "Thị trấn Bình Gia", "township", "181", None),
        (date(2015, 1, 1), date(2025, 7, 1), "Thị trấn Bình Gia mới", "township", "181", "QĐ-15"),
        (date(2025, 7, 1), None, "Xã Bình Gia", "rural_commune", "20", "NQ-2025"),
    ]
    assert unit.on(date(2020, 1, 1)).name == "Thị trấn Bình Gia mới"
    assert unit_timeline(list(reversed([REGISTERED, later, earlier, moved]))) == unit


def test_dissolution_closes_the_last_version_and_later_changes_are_ignored():
    gone = change(2, UnitDissolved(code="06112", effective_to=date(2020, 1, 1), successor_code="06100"))
    too_late = change(3, UnitRenamed(code="06112", name="Không tồn tại", effective_date=date(2021, 1, 1)))
    unit = unit_timeline([REGISTERED, gone, too_late])
    assert [(v.valid_from, v.valid_to) for v in unit.versions] == [(date(2011, 1, 1), date(2020, 1, 1))]
    assert unit.exists_on(date(2019, 12, 31)) and not unit.exists_on(date(2020, 1, 1))
    assert unit.successor_code == "06100" and unit.on(date(2020, 1, 1)) is None


def test_changes_without_a_registration_give_no_unit():
    assert unit_timeline([change(1, UnitMoved(code="x", parent_code="20", effective_date=date(2020, 1, 1)))]) is None


def test_a_change_recorded_after_known_at_is_not_in_the_timeline_known_then():
    merger = change(2, UnitDissolved(code="06112", effective_to=date(2020, 1, 1), successor_code="06100"),
                    recorded_at=datetime(2024, 5, 1, tzinfo=timezone.utc))  # a 2020 merger entered in 2024
    then = unit_timeline([REGISTERED, merger], known_at=datetime(2023, 12, 31, tzinfo=timezone.utc))
    now = unit_timeline([REGISTERED, merger])
    assert then.exists_on(date(2021, 1, 1)) and then.effective_to is None
    assert not now.exists_on(date(2021, 1, 1)) and now.effective_to == date(2020, 1, 1)

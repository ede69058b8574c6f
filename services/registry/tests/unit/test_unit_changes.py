"""U1, U4, U8: units are created, renamed, moved, merged, split and dissolved at a date, by a decision."""
from datetime import date

import pytest

from registry.commands import DissolveUnit, MergeUnits, MoveUnit, RegisterUnit, RenameUnit, SplitUnit
from registry.domain.model import unit_from_events
from thidua_kernel.errors import DomainRefusal, NotAuthorised

TO_HIEU = RegisterUnit(code="06113", unit_type="rural_commune", name="Xã Tô Hiệu", parent_code="181",
                       effective_from="2011-01-01")
MERGER_2020 = MergeUnits(absorbed_codes=["06113"], into_code="06112", effective_date="2020-01-01",
                         document_number="818/NQ-UBTVQH14")


def unit(registry, code):
    return unit_from_events([(e.event_type, e.payload) for e in registry.store.events if e.aggregate_id == code])


async def refused(registry, handler, cmd, actor=None):
    before = registry.count()
    with pytest.raises(DomainRefusal) as refusal:
        await registry.run(handler, cmd, actor or registry.board)
    assert registry.count() == before
    return refusal.value


async def test_a_commune_merged_away_in_2020_is_registered_with_its_dates(lang_son):
    await lang_son.run("register_unit", TO_HIEU)
    answer = await lang_son.run("merge_units", MERGER_2020)
    assert answer["absorbed"] == ["06113"]
    gone = lang_son.store.events[-1]
    assert (gone.event_type, gone.payload["successor_code"], gone.document_number) == (
        "UnitDissolved", "06112", "818/NQ-UBTVQH14")
    to_hieu = unit(lang_son, "06113")
    assert to_hieu.exists_on(date(2015, 12, 31)) and to_hieu.exists_on(date(2019, 12, 31))
    assert not to_hieu.exists_on(date(2020, 1, 1))
    again = await lang_son.run("merge_units", MERGER_2020)
    assert again["unchanged"] and again["events"] == []


async def test_a_unit_that_did_not_exist_on_the_date_cannot_change(lang_son):
    await lang_son.run("register_unit", TO_HIEU)
    await lang_son.run("merge_units", MERGER_2020)
    for handler, cmd in [
        ("rename_unit", RenameUnit(code="06113", name="Xã Tô Hiệu Mới", effective_date="2021-01-01",
                                   document_number="1/QĐ")),
        ("move_unit", MoveUnit(code="06113", parent_code="180", effective_date="2020-06-01", document_number="1/QĐ")),
        ("rename_unit", RenameUnit(code="06034", name="Xã Chi Lăng Mới", effective_date="2010-01-01",
                                   document_number="1/QĐ")),
        ("merge_units", MergeUnits(absorbed_codes=["06113"], into_code="06100", effective_date="2021-01-01",
                                   document_number="1/QĐ")),
        ("dissolve_unit", DissolveUnit(code="99999", effective_date="2021-01-01", document_number="1/QĐ")),
    ]:
        assert (await refused(lang_son, handler, cmd)).rule == "U8"


async def test_a_rename_opens_a_version_and_keeps_the_level(lang_son):
    await lang_son.run("rename_unit", RenameUnit(code="06046", name="Xã Đề Thám Mới", effective_date="2016-01-01",
                                                 document_number="12/NQ"))
    de_tham = unit(lang_son, "06046")
    assert (de_tham.on(date(2015, 12, 31)).name, de_tham.on(date(2016, 1, 1)).name) == ("Xã Đề Thám", "Xã Đề Thám Mới")
    same = await lang_son.run("rename_unit", RenameUnit(code="06046", name="Xã Đề Thám Mới",
                                                        effective_date="2017-01-01", document_number="13/NQ"))
    assert same["unchanged"]
    wrong = RenameUnit(code="06046", name="Huyện Đề Thám", unit_type="rural_district", effective_date="2017-01-01",
                       document_number="13/NQ")
    assert (await refused(lang_son, "rename_unit", wrong)).rule == "U1"


async def test_moves_follow_the_hierarchy_of_the_date(lang_son):
    await lang_son.run("move_unit", MoveUnit(code="06046", parent_code="181", effective_date="2016-01-01",
                                             document_number="5/NQ"))
    assert unit(lang_son, "06046").on(date(2016, 1, 1)).parent_code == "181"
    early = MoveUnit(code="06034", parent_code="20", effective_date="2020-01-01", document_number="5/NQ")
    assert (await refused(lang_son, "move_unit", early)).rule == "U1"  # no commune under the province before 2025
    await lang_son.run("move_unit", MoveUnit(code="06034", parent_code="20", effective_date="2025-07-01",
                                             document_number="76/2025/QH15"))
    await lang_son.run("dissolve_unit", DissolveUnit(code="187", effective_date="2025-07-01", document_number="76"))
    into_gone = MoveUnit(code="06523", parent_code="187", effective_date="2025-08-01", document_number="5/NQ")
    assert (await refused(lang_son, "move_unit", into_gone)).rule == "U8"


async def test_merges_are_between_units_of_one_level_and_may_create_the_new_unit(lang_son):
    into_itself = MergeUnits(absorbed_codes=["06100", "06106"], into_code="06106", effective_date="2020-01-01",
                             document_number="818")
    assert (await refused(lang_son, "merge_units", into_itself)).rule == "U8"
    mixed = MergeUnits(absorbed_codes=["06100", "181"], into_code="06106", effective_date="2020-01-01",
                       document_number="818")
    assert (await refused(lang_son, "merge_units", mixed)).rule == "U1"
    nameless = MergeUnits(absorbed_codes=["06100", "06106"], into_code="06200", effective_date="2020-01-01",
                          document_number="818")
    assert (await refused(lang_son, "merge_units", nameless)).rule == "U8"
    await lang_son.run("merge_units", MergeUnits(absorbed_codes=["06100", "06106"], into_code="06200",
                                                 name="Xã Hoàng Văn Thụ", unit_type="rural_commune",
                                                 effective_date="2020-01-01", document_number="818"))
    merged = unit(lang_son, "06200")
    assert (merged.parent_code, merged.effective_from) == ("181", date(2020, 1, 1))
    assert unit(lang_son, "06100").successor_code == "06200"


async def test_a_split_registers_the_parts_and_dissolves_the_whole(lang_son):
    parts = [{"code": "06047", "name": "Xã Đề Thám A", "unit_type": "rural_commune"},
             {"code": "06048", "name": "Xã Đề Thám B", "unit_type": "rural_commune", "parent_code": "181"}]
    await lang_son.run("split_unit", SplitUnit(code="06046", parts=parts, effective_date="2016-01-01",
                                               document_number="9/NQ"))
    assert unit(lang_son, "06046").successor_codes == ("06047", "06048")
    assert [unit(lang_son, c).parent_code for c in ("06047", "06048")] == ["180", "181"]
    taken = SplitUnit(code="06034", parts=[{**parts[0], "code": "06040"}, {**parts[1], "code": "06049"}],
                      effective_date="2016-01-01", document_number="9/NQ")
    assert (await refused(lang_son, "split_unit", taken)).rule == "U4"
    twice = SplitUnit(code="06034", parts=[parts[0] | {"code": "06050"}, parts[1] | {"code": "06050"}],
                      effective_date="2016-01-01", document_number="9/NQ")
    assert (await refused(lang_son, "split_unit", twice)).rule == "U8"


async def test_dissolution_needs_a_life_before_it_and_a_living_successor(lang_son):
    on_birth = DissolveUnit(code="06046", effective_date="2011-01-01", document_number="1")
    assert (await refused(lang_son, "dissolve_unit", on_birth)).rule == "U8"
    dead_successor = DissolveUnit(code="06046", effective_date="2012-01-01", successor_code="06113",
                                  document_number="1")
    assert (await refused(lang_son, "dissolve_unit", dead_successor)).rule == "U8"
    done = DissolveUnit(code="06046", effective_date="2012-01-01", successor_code="06034", document_number="1")
    await lang_son.run("dissolve_unit", done)
    assert (await lang_son.run("dissolve_unit", done))["unchanged"]


async def test_only_the_board_changes_units_and_a_code_names_one_thing(lang_son):
    with pytest.raises(NotAuthorised):
        await lang_son.run("rename_unit", RenameUnit(code="06034", name="Xã X", effective_date="2016-01-01",
                                                     document_number="1"), lang_son.district_180)
    await lang_son.participant("SNNPTNT", "department", "20")
    clash = RegisterUnit(code="SNNPTNT", unit_type="rural_commune", name="Xã Trùng Mã", parent_code="180",
                         effective_from="2011-01-01")
    assert (await refused(lang_son, "register_unit", clash)).rule == "U4"

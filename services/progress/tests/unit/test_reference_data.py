"""The reference data shipped as files (P1, P2, P6): complete, NFC, and as DOMAIN.md gives it."""
import json
import unicodedata
from importlib import resources

import pytest

from progress.adapters.builtin_sets import builtin_criteria_set
from progress.adapters.reference_data import builtin_reference, content_areas_document


@pytest.mark.parametrize("name", ["regions.json", "content_areas.json", "criteria_2009.json", "criteria_2016.json"])
def test_every_shipped_file_is_nfc(name):
    text = (resources.files("progress") / "data" / name).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    json.loads(text)


def test_the_seven_regions_and_the_general_column():
    reference = builtin_reference()
    assert reference.region_ids == ("northern_midlands_mountains", "red_river_delta", "north_central_coast",
                                    "south_central_coast", "central_highlands", "south_east", "mekong_delta")
    assert reference.regions[0].name_vi == "Trung du và miền núi phía Bắc"
    assert reference.general.id == "national"


def test_the_eleven_content_areas_of_decision_800():
    reference = builtin_reference()
    assert reference.content_area_ids == tuple(range(1, 12))
    assert reference.content_areas[0].name_vi == "Quy hoạch xây dựng nông thôn mới"
    assert reference.content_areas[10].name_en == "Rural security and social order"
    assert content_areas_document()["decision"] == "800/QĐ-TTg"


@pytest.mark.parametrize("set_id, count", [("2009", 39), ("2016", 49)])
def test_the_shipped_sets_list_every_indicator_once_under_its_criterion(set_id, count):
    criteria = builtin_criteria_set(set_id)["criteria"]
    codes = [i["code"] for c in criteria for i in c["indicators"]]
    assert len(codes) == len(set(codes)) == count
    assert all(i["code"].split(".")[0] == str(c["number"]) for c in criteria for i in c["indicators"])
    assert all(c["indicators"] for c in criteria)


def test_the_thresholds_domain_md_gives_are_shipped():
    def thresholds(set_id, number, code):
        criterion = builtin_criteria_set(set_id)["criteria"][number - 1]
        found = next(i for i in criterion["indicators"] if i["code"] == code)
        return {(t["region"], t.get("year")): t["value"] for t in found["thresholds"]}

    assert thresholds("2009", 2, "2.2") == {("national", None): 70, ("northern_midlands_mountains", None): 50}
    assert thresholds("2009", 5, "5.1") == {("national", None): 80, ("northern_midlands_mountains", None): 70}
    assert thresholds("2016", 10, "10.1") == {("national", 2020): 45, ("northern_midlands_mountains", 2020): 36}

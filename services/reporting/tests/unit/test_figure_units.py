"""R1 figures with their units (domain/figure_units.py): conversions, and every wrong unit or sign
refused naming the figure and the units it takes."""
import json

import pytest

from reporting.commands import SaveDraft
from reporting.domain.figure_units import figures_in_recorded_units
from thidua_kernel.errors import DomainRefusal


def test_bare_numbers_and_measured_values_come_to_the_recorded_units():
    figures = figures_in_recorded_units({
        "communes_assessed": {"value": 12, "unit": "xã"}, "criteria_gained": 7,
        "funds_mobilised_vnd": {"value": 12.5, "unit": "Tỷ đồng"}, "model_examples": None})
    assert (figures.communes_assessed, figures.criteria_gained, figures.funds_mobilised_vnd,
            figures.model_examples) == (12, 7, 12_500_000_000, None)
    assert figures_in_recorded_units({"funds_mobilised_vnd": {"value": 300, "unit": "VND"}}).funds_mobilised_vnd == 300
    assert figures_in_recorded_units({"funds_mobilised_vnd": {"value": 0.1, "unit": "triệu đồng"}}).funds_mobilised_vnd == 100_000


@pytest.mark.parametrize("name, value, unit, said", [
    ("funds_mobilised_vnd", 12, "USD", "sai đơn vị tính"),
    ("communes_assessed", 12, "huyện", "sai đơn vị tính"),
    ("criteria_gained", 3, "xã", "sai đơn vị tính"),
    ("funds_mobilised_vnd", -5, "triệu đồng", "không được âm"),
    ("funds_mobilised_vnd", 0.0005, "nghìn đồng", "số nguyên"),
    ("communes_recognised", 1.5, "xã", "số nguyên"),
    ("funds_mobilised_vnd", 2_000_000, "tỷ đồng", "vượt quá"),
])
def test_wrong_units_signs_and_fractions_are_refused_with_r1(name, value, unit, said):
    with pytest.raises(DomainRefusal) as refused:
        figures_in_recorded_units({name: {"value": value, "unit": unit}})
    assert refused.value.rule == "R1" and said in refused.value.message_vi
    assert refused.value.figures["figure"] == name and refused.value.figures["unit"] == unit
    assert refused.value.figures["units"]


def test_the_body_takes_a_number_or_a_measured_value_strictly():
    body = {"period_code": "2015", "unit_code": "180", "narrative": "n",
            "figures": {"funds_mobilised_vnd": {"value": 1.5, "unit": "tỷ đồng"}, "communes_assessed": 3}}
    parsed = SaveDraft.model_validate_json(json.dumps(body), strict=True)
    assert parsed.figures.communes_assessed == 3
    for wrong in ({"value": "1.5", "unit": "tỷ đồng"}, {"value": 1, "unit": "tỷ đồng", "extra": 1}, "12"):
        with pytest.raises(ValueError):
            SaveDraft.model_validate_json(json.dumps({**body, "figures": {"funds_mobilised_vnd": wrong}}), strict=True)

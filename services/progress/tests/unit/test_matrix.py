"""POST /commands/assess-district-matrix: all or nothing, every failing cell named, idempotent."""
from datetime import date

import pytest

from contracts.progress import CriteriaAssessed
from thidua_kernel.errors import DomainRefusal, NotAuthorised

from progress.commands import AssessDistrictMatrix
from progress.domain.model import Unit

YEAR = date(2014, 6, 30)


def matrix(cells: list[dict], district: str = "180", **extra) -> AssessDistrictMatrix:
    return AssessDistrictMatrix.model_validate({"district_code": district, "effective_date": YEAR.isoformat(),
                                                "cells": cells, **extra})


def full(*communes: str, met=lambda n: True) -> list[dict]:
    return [{"commune_code": c, "criterion": n, "met": met(n), "evidence": f"BB-{c}-{n}"}
            for c in communes for n in range(1, 20)]


@pytest.fixture
def with_second_xa(units):
    units.add(Unit("06035", "commune", "rural_commune", "180", date(2011, 1, 1), name="Xã Tri Phương"))


async def run(scenario, cmd, actor=None, key=None):
    return await scenario.matrix.assess_district_matrix(scenario.deps, scenario.ctx(actor or scenario.board, key), cmd)


async def test_a_matrix_appends_one_event_per_commune_and_date_holding_its_cells(scenario, with_second_xa):
    await scenario.publish("2009")
    await scenario.assess(1, commune="06035", met=False)  # its stream is at version 1 already
    cells = full("06034", "06035") + [{"commune_code": "06035", "criterion": 1, "met": True,
                                        "effective_date": "2014-07-01"}]
    answer = await run(scenario, matrix(cells), actor=scenario.district_180)
    assert (answer["assessments"], answer["communes"], len(answer["events"])) == (39, 2, 3)
    matrix_events = [e for e in scenario.store.events if e.event_type == "CriteriaAssessed"]
    assert [(e.aggregate_id, e.aggregate_version, len(e.payload["results"])) for e in matrix_events] == [
        ("06034", 1, 19), ("06035", 2, 19), ("06035", 3, 1)]
    last = matrix_events[1]
    # The payload built by hand is exactly what the contract model gives.
    assert last.payload == CriteriaAssessed.model_validate(last.payload).model_dump(mode="json")
    assert (last.payload["criteria_set_id"], last.payload["results"][-1]["evidence"]) == ("2009", "BB-06035-19")
    await scenario.recognise(day=date(2014, 12, 1), commune="06035")  # P4 counts the matrix's results


async def test_every_failing_cell_is_named_and_nothing_is_written(scenario):
    await scenario.publish("2009")
    cells = full("06034") + [
        {"commune_code": "06040", "criterion": 1, "met": True},  # a thị trấn (U1)
        {"commune_code": "99999", "criterion": 1, "met": True},  # unknown (U1)
        {"commune_code": "06031", "criterion": 1, "met": True, "effective_date": "2020-01-01"},  # merged away (U8)
        {"commune_code": "06034", "criterion": 20, "met": True},  # P1
        {"commune_code": "06034", "criterion": 1, "met": False},  # the same cell twice (P3)
    ]
    with pytest.raises(DomainRefusal) as refused:
        await run(scenario, matrix(cells))
    figures = refused.value.figures
    assert [(c["commune_code"], c["criterion"], c["rule"]) for c in figures["cells"]] == [
        ("06040", 1, "U1"), ("99999", 1, "U1"), ("06031", 1, "U8"), ("06034", 20, "P1"), ("06034", 1, "P3"),
    ]
    assert refused.value.rule == "U1" and figures["rules"] == ["P1", "P3", "U1", "U8"]
    assert (figures["refused"], figures["total"]) == (5, 24)
    assert scenario.types() == ["CriteriaSetPublished"]


async def test_indicator_values_are_judged_per_cell_against_the_regions_thresholds(scenario):
    await scenario.publish("2009")
    await scenario.declare_region()
    cells = [{"commune_code": "06034", "criterion": 2, "met": True, "indicator_values": {"2.2": 40.0}},
             {"commune_code": "06034", "criterion": 3, "met": True, "indicator_values": {"9.9": 1.0}}]
    with pytest.raises(DomainRefusal) as refused:
        await run(scenario, matrix(cells))
    assert [(c["criterion"], c["rule"]) for c in refused.value.figures["cells"]] == [(2, "P3"), (3, "P2")]
    answer = await run(scenario, matrix([{**cells[0], "indicator_values": {"2.2": 55.0}}]))
    judged = scenario.store.events[-1].payload
    assert answer["assessments"] == 1 and judged["region"] == "northern_midlands_mountains"
    assert judged["results"][0]["indicators_judged"][0]["satisfied"] is True


async def test_a_cell_with_a_percentage_over_100_is_named_and_nothing_is_written(scenario):
    await scenario.publish("2009")
    cells = [{"commune_code": "06034", "criterion": 2, "met": False, "indicator_values": {"2.2": 140.0}},
             {"commune_code": "06034", "criterion": 3, "met": True}]
    with pytest.raises(DomainRefusal) as refused:
        await run(scenario, matrix(cells))
    assert [(c["criterion"], c["rule"]) for c in refused.value.figures["cells"]] == [(2, "P3")]
    assert scenario.types() == ["CriteriaSetPublished"]


async def test_a_district_officer_enters_only_its_own_districts_matrix_and_a_retry_writes_nothing(scenario):
    await scenario.publish("2009")
    with pytest.raises(NotAuthorised):
        await run(scenario, matrix(full("06034")), actor=scenario.district_181)
    with pytest.raises(DomainRefusal) as other:  # its own district named, another's commune inside
        await run(scenario, matrix(full("06034"), district="181"), actor=scenario.district_181)
    assert {c["rule"] for c in other.value.figures["cells"]} == {"U1"}
    first = await run(scenario, matrix(full("06034")), key="matrix-2014")
    again = await run(scenario, matrix(full("06034")), key="matrix-2014")
    assert again == first and scenario.types().count("CriteriaAssessed") == 1


def test_a_cell_needs_a_date_of_its_own_or_the_matrixs():
    with pytest.raises(ValueError, match="effective_date"):
        AssessDistrictMatrix.model_validate({"district_code": "180", "cells": [
            {"commune_code": "06034", "criterion": 1, "met": True}]})


def test_a_cell_with_an_unknown_field_is_refused():
    with pytest.raises(ValueError, match="extra"):
        AssessDistrictMatrix.model_validate({"district_code": "180", "effective_date": "2014-06-30", "cells": [
            {"commune_code": "06034", "criterion": 1, "met": True, "evidense": "typo"}]})

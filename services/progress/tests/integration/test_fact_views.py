"""Progress's as-of views over the shared NTM facts, against real PostgreSQL: a district whose
communes move, a township retyped as a xã, a late correction, and the refusals that name U1/U8."""
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta, timezone

import asyncpg
import pytest

from contracts.envelope import Actor
from contracts.progress import CommuneRecognised, CriterionAssessed, RecognitionRevoked, TargetSet
from contracts.registry import UnitMoved, UnitRegistered, UnitRenamed
from thidua_facts import MIGRATIONS as FACTS_MIGRATIONS
from thidua_facts.projection import NtmFacts
from thidua_facts.testing import envelope, light
from thidua_facts.timeframe import Timeframe
from thidua_kernel.db import create_pool, migrate
from thidua_kernel.errors import InvalidInput, NotFound

from progress import series_views, views
from progress.adapters.builtin_sets import builtin_criteria_set
from progress.bootstrap import MIGRATIONS

T = datetime(2012, 1, 1, tzinfo=timezone.utc)
LATE = datetime(2016, 2, 1, tzinfo=timezone.utc)
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)

READER = Actor(principal_id="kiem-toan", role="viewer", scope="20")


@pytest.fixture
async def pool(database_url: str, unique: str) -> AsyncIterator[asyncpg.Pool]:
    schema = f"progress_views_{unique}"
    pool = await create_pool(database_url, schema, min_size=1, max_size=2)
    await migrate(pool, FACTS_MIGRATIONS, MIGRATIONS)
    try:
        yield pool
    finally:
        await pool.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await pool.close()


def unit(code: str, kind: str, parent: str | None, name: str):
    level = {"province": "province", "rural_district": "district"}.get(kind, "commune")
    return envelope("UnitRegistered", UnitRegistered(code=code, level=level, unit_type=kind, name=name,
                                                     parent_code=parent, effective_from=date(2011, 1, 1),
                                                     source="test"), code, 1, T)


def assessed(code: str, n: int, met: bool, day: date, version: int, at: datetime = T):
    return envelope("CriterionAssessed", CriterionAssessed(
        commune_code=code, district_code="180", criteria_set_id="2009", criterion=n, met=met, effective_date=day,
        evidence=f"BB-{n}"), code, version, at)


@pytest.fixture
async def province(pool: asyncpg.Pool) -> asyncpg.Pool:
    events = [unit("20", "province", None, "Tỉnh Lạng Sơn"), unit("180", "rural_district", "20", "Huyện Tràng Định"),
              unit("181", "rural_district", "20", "Huyện Bình Gia"), unit("a", "rural_commune", "180", "Xã A"),
              unit("b", "rural_commune", "180", "Xã B"), unit("t", "township", "180", "Thị trấn T"),
              envelope("UnitMoved", UnitMoved(code="b", parent_code="181", effective_date=date(2016, 1, 1)), "b", 2, T),
              envelope("UnitRenamed", UnitRenamed(code="t", name="Xã T", unit_type="rural_commune",
                                                  effective_date=date(2020, 1, 1)), "t", 2, T),
              envelope("CriteriaSetPublished", builtin_criteria_set("2009"), "2009", 1, T),
              envelope("TargetSet", TargetSet(unit_code="180", year=2015, ntm_rate=0.5), "180-2015", 1, T)]
    events += [assessed("a", n, True, date(2014, 6, 30), n) for n in range(1, 20)]
    events += [envelope("CommuneRecognised", CommuneRecognised(
        commune_code="a", district_code="180", criteria_set_id="2009", decision_number="1/QĐ",
        effective_date=date(2014, 12, 1)), "a", 20, T)]
    events += [assessed("b", n, n <= 17, date(2015, 6, 30), n) for n in range(1, 20)]
    # Entered in 2016 about 2015: a's recognition revoked from 1 Dec 2015, b's criterion 18 met.
    events += [envelope("RecognitionRevoked", RecognitionRevoked(
        commune_code="a", district_code="180", decision_number="2/QĐ", effective_date=date(2015, 12, 1)), "a", 21, LATE),
        assessed("b", 18, True, date(2015, 7, 1), 20, LATE)]
    async with pool.acquire() as conn, conn.transaction():
        await NtmFacts().apply(conn, [light(e) for e in events])
    return pool


async def test_rates_use_the_communes_and_parents_of_the_date(province):
    end_2015_then = await views.ntm_rates(province, Timeframe(date(2015, 12, 31), LATE - timedelta(days=1)))
    assert [(d["code"], d["recognised"], d["communes"], d["rank"]) for d in end_2015_then["districts"]] == [
        ("180", 1, 2, 1), ("181", 0, 0, None)]
    end_2015_now = await views.ntm_rates(province, Timeframe(date(2015, 12, 31), NOW))
    assert end_2015_now["provinces"] == [{"code": "20", "name": "Tỉnh Lạng Sơn", "communes": 2, "recognised": 0,
                                          "rate": 0.0}]
    in_2020 = await views.ntm_rates(province, Timeframe(date(2020, 6, 30), NOW))
    assert [(d["code"], d["communes"]) for d in in_2020["districts"]] == [("180", 2), ("181", 1)]  # b moved, t a xã


async def test_a_commune_criteria_history_and_matrix(province):
    tf = Timeframe(date(2015, 12, 31), NOW)
    b = await views.commune_criteria(province, "b", tf)
    assert (b["met_count"], b["all_met"], b["recognised"], b["district_code"]) == (18, False, False, "180")
    assert b["criteria"][17]["recorded_at"] == LATE.isoformat() and b["criteria"][17]["evidence"] == "BB-18"
    history = await views.commune_history(province, "a", tf, READER)
    assert [e["kind"] for e in history["events"]] == ["assessment"] * 19 + ["recognition", "revocation"]
    assert history["events"][-1]["recorded_at"] == LATE.isoformat()
    matrix = await views.district_matrix(province, "180", tf)
    assert [(c["code"], c["met_count"], c["recognised"]) for c in matrix["communes"]] == [("a", 19, False), ("b", 18, False)]
    assert len(matrix["criteria"]) == 19 and matrix["communes"][1]["met"][18] is False


async def test_near_standard_and_targets_as_known_then_and_now(province):
    then, now = Timeframe(date(2015, 12, 31), LATE - timedelta(days=1)), Timeframe(date(2015, 12, 31), NOW)
    assert [(c["code"], c["criteria_met"]) for c in (await views.near_standard_communes(province, then))["communes"]] \
        == [("b", 17)]
    assert [(c["code"], c["criteria_met"]) for c in (await views.near_standard_communes(
        province, now, district_code="180"))["communes"]] == [("b", 18)]
    [target_then] = (await views.targets_progress(province, then))["targets"]
    [target_now] = (await views.targets_progress(province, now))["targets"]
    assert (target_then["met"], target_now["met"]) == (True, False)  # 1/2 then; 0/2 after the revocation


async def test_unknown_units_are_u1_and_units_not_existing_at_the_date_are_u8(province):
    with pytest.raises(NotFound) as unknown:
        await views.commune_criteria(province, "zz", Timeframe(date(2015, 1, 1), NOW))
    assert unknown.value.rule == "U1"
    with pytest.raises(NotFound) as not_yet:
        await views.commune_criteria(province, "a", Timeframe(date(2010, 1, 1), NOW))
    assert not_yet.value.rule == "U8"
    with pytest.raises(NotFound) as not_a_district:
        await views.district_matrix(province, "a", Timeframe(date(2015, 1, 1), NOW))
    assert not_a_district.value.rule == "U1"
    with pytest.raises(NotFound) as not_known_then:
        await views.commune_history(province, "a", Timeframe(date(2015, 1, 1), T - timedelta(days=1)), READER)
    assert not_known_then.value.rule == "U1"


async def test_a_rate_series_and_several_matrices_equal_the_single_answers(province):
    """/rates/series and /districts/matrices give, item by item, what /rates and /districts/{code}/matrix
    give alone: before and after the late correction, at dates where units moved and were retyped."""
    days = series_views.parse_dates("2014-12-31,2015-12-31,2016-06-30,2020-06-30,2015-12-31")
    for known_at in (LATE - timedelta(days=1), NOW):
        series = await series_views.rates_series(province, days, known_at)
        assert series["known_at"] == known_at.isoformat()
        assert series["series"] == [await views.ntm_rates(province, Timeframe(d, known_at)) for d in days]
    assert [s["provinces"][0]["recognised"] for s in series["series"]] == [1, 0, 0, 0, 0]  # the revocation, known now
    for tf in (Timeframe(date(2015, 12, 31), LATE - timedelta(days=1)), Timeframe(date(2016, 6, 30), NOW),
               Timeframe(date(2020, 6, 30), NOW)):
        codes = series_views.parse_codes("181,180")
        answer = await series_views.district_matrices(province, codes, tf)
        assert answer["matrices"] == [await views.district_matrix(province, c, tf) for c in codes]
        assert {k: answer[k] for k in ("as_of", "known_at")} == tf.as_json()
    assert [c["code"] for c in answer["matrices"][1]["communes"]] == ["a", "t"]  # b moved to 181, t a xã in 2020


@pytest.mark.parametrize(("parse", "text", "rule"), [
    (series_views.parse_dates, "", "INPUT-LENGTH"),
    (series_views.parse_dates, ",".join(["2015-12-31"] * 17), "INPUT-LENGTH"),
    (series_views.parse_dates, "2015-12-31,2015-13-01", "INPUT"),
    (series_views.parse_dates, "31/12/2015", "INPUT"),
    (series_views.parse_dates, "1900-01-01", "INPUT-RANGE"),
    (series_views.parse_codes, "", "INPUT-LENGTH"),
    (series_views.parse_codes, ",".join(["180"] * 21), "INPUT-LENGTH"),
    (series_views.parse_codes, "180,,181", "INPUT"),
    (series_views.parse_codes, "180,Bắc Sơn", "INPUT"),
])
def test_series_lists_are_bounded_and_checked(parse, text, rule):
    with pytest.raises(InvalidInput) as refused:
        parse(text)
    assert refused.value.rule == rule


async def test_several_matrices_refuse_a_code_that_is_not_a_district(province):
    with pytest.raises(NotFound) as not_a_district:
        await series_views.district_matrices(province, ["180", "a"], Timeframe(date(2015, 1, 1), NOW))
    assert (not_a_district.value.rule, not_a_district.value.figures["code"]) == ("U1", "a")

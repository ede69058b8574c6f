"""NtmFacts against a real PostgreSQL: batches give what one-by-one application gives, in any
interleaving of the streams (the order across partitions and topics is not guaranteed)."""
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date

import asyncpg
import pytest

from contracts.progress import CommuneRecognised, CriteriaSetPublished, Criterion, CriterionAssessed
from contracts.progress import RecognitionRevoked, TargetSet
from contracts.registry import ClusterFormed, UnitDissolved, UnitRegistered
from reporting.bootstrap import MIGRATIONS
from reporting.projections import NtmFacts
from reporting.views import consolidated_report
from thidua_kernel.db import create_pool, migrate

START = date(2011, 1, 1)
DATES = [date(2012, 6, 30), date(2013, 12, 31), date(2014, 7, 1), date(2015, 12, 31), date(2021, 1, 1)]


def unit(code: str, level: str, kind: str, parent: str | None, name: str) -> UnitRegistered:
    return UnitRegistered(code=code, level=level, unit_type=kind, name=name, parent_code=parent,
                          effective_from=START, source="test")


def history() -> list[list[tuple[str, object, str]]]:
    """Streams of (event type, payload, aggregate id), each in its own order."""
    streams = [[("UnitRegistered", unit("20", "province", "province", None, "Tỉnh Thử"), "20")]]
    streams += [[("UnitRegistered", unit(d, "district", "rural_district", "20", f"Huyện {d}"), d)] for d in ("101", "102")]
    communes = {"a": "101", "b": "101", "c": "101", "d": "102", "e": "102", "f": "102"}
    for code, district in communes.items():
        streams.append([("UnitRegistered", unit(code, "commune", "rural_commune", district, f"Xã {code}"), code)])
    streams[-1].append(("UnitDissolved", UnitDissolved(code="f", effective_to=date(2020, 1, 1)), "f"))
    streams.append([("UnitRegistered", unit("t", "commune", "township", "101", "Thị trấn t"), "t")])
    cluster = lambda members, since: ClusterFormed(code="c1", kind="cluster", name="Cụm một",  # noqa: E731
                                                   member_codes=members, effective_from=since)
    streams.append([("ClusterFormed", cluster(["101"], date(2012, 1, 1)), "c1"),
                    ("ClusterFormed", cluster(["101", "102"], date(2014, 1, 1)), "c1")])
    streams.append([("CriteriaSetPublished", CriteriaSetPublished(
        set_id="2009", decision="491/QĐ-TTg", effective_from=date(2009, 4, 16),
        criteria=[Criterion(number=n, group="I", name_vi=f"Tiêu chí {n}", name_en=f"C{n}") for n in range(1, 20)]),
        "2009")])
    streams.append([("TargetSet", TargetSet(unit_code="20", year=2015, ntm_rate=0.2), "20-2015"),
                    ("TargetSet", TargetSet(unit_code="20", year=2015, ntm_rate=0.3), "20-2015")])
    for i, (code, district) in enumerate(communes.items()):
        stream = []
        for n in range(1, 20):
            stream.append(("CriterionAssessed", CriterionAssessed(
                commune_code=code, district_code=district, criteria_set_id="2009", criterion=n,
                met=n <= 15 + i, effective_date=date(2013, 6, 30)), code))
        stream.append(("CriterionAssessed", CriterionAssessed(  # lost again (P3), and on the same day regained
            commune_code=code, district_code=district, criteria_set_id="2009", criterion=1, met=False,
            effective_date=date(2014, 6, 30)), code))
        if i % 2:
            stream.append(("CriterionAssessed", CriterionAssessed(
                commune_code=code, district_code=district, criteria_set_id="2009", criterion=1, met=True,
                effective_date=date(2014, 6, 30)), code))
        if i >= 3:
            stream.append(("CommuneRecognised", CommuneRecognised(
                commune_code=code, district_code=district, criteria_set_id="2009", decision_number=f"{i}/QĐ",
                effective_date=date(2013, 12, 15)), code))
        if code == "e":
            stream += [("RecognitionRevoked", RecognitionRevoked(commune_code=code, district_code=district,
                                                                 decision_number="9/QĐ", effective_date=date(2014, 7, 1)),
                        code),
                       ("CommuneRecognised", CommuneRecognised(commune_code=code, district_code=district,
                                                               criteria_set_id="2009", decision_number="10/QĐ",
                                                               effective_date=date(2015, 12, 1)), code)]
        streams.append(stream)
    return streams


def interleave(streams, seed: int) -> list[tuple[int, int, tuple]]:
    """A random merge of the streams that keeps each stream's own order (one partition per key)."""
    rng, cursors, merged = random.Random(seed), [0] * len(streams), []
    while any(c < len(s) for c, s in zip(cursors, streams)):
        i = rng.choice([i for i, s in enumerate(streams) if cursors[i] < len(s)])
        cursors[i] += 1
        merged.append((i, cursors[i], streams[i][cursors[i] - 1]))
    return merged


@pytest.fixture
async def fresh_schema(database_url: str, unique: str) -> AsyncIterator[Callable[[str], Awaitable[asyncpg.Pool]]]:
    made: list[tuple[asyncpg.Pool, str]] = []

    async def make(label: str) -> asyncpg.Pool:
        schema = f"reporting_it_{label}_{unique}"
        pool = await create_pool(database_url, schema, min_size=1, max_size=2)
        await migrate(pool, MIGRATIONS)
        made.append((pool, schema))
        return pool

    yield make
    for pool, schema in made:
        await pool.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await pool.close()


async def apply_in_batches(pool: asyncpg.Pool, envelopes, sizes: list[int]) -> None:
    projection, at = NtmFacts(), 0
    for size in sizes:
        async with pool.acquire() as conn, conn.transaction():
            await projection.apply(conn, envelopes[at:at + size])
        at += size
    assert at >= len(envelopes)


async def reports(pool: asyncpg.Pool) -> list[dict]:
    return [await consolidated_report(pool, "20", day) for day in DATES]


async def test_batches_in_any_interleaving_give_the_one_by_one_result(fresh_schema, envelope):
    streams = history()
    one_by_one = [envelope(t, p, agg, v) for _, v, (t, p, agg) in interleave(streams, 1)]
    batched = [envelope(t, p, agg, v) for _, v, (t, p, agg) in interleave(streams, 2)]
    single, batch = await fresh_schema("single"), await fresh_schema("batch")
    await apply_in_batches(single, one_by_one, [1] * len(one_by_one))
    await apply_in_batches(batch, batched, [7, 1, 50, 3, 1000])
    expected = await reports(single)
    assert await reports(batch) == expected
    # The facts, by hand: at the end of 2015, d and e recognised (e again, after its revocation),
    # f too; at 2014-07-01 e is revoked; in 2021 f is gone (dissolved 2020).
    by_day = dict(zip(DATES, expected))
    assert by_day[date(2015, 12, 31)]["province"]["recognised"] == 3
    assert by_day[date(2014, 7, 1)]["province"]["recognised"] == 2
    assert by_day[date(2021, 1, 1)]["province"] == {
        "code": "20", "name": "Tỉnh Thử", "communes": 5, "recognised": 2, "rate": 0.4}
    assert [m["code"] for m in by_day[date(2013, 12, 31)]["clusters"][0]["members"]] == ["101"]
    assert by_day[date(2015, 12, 31)]["targets"][0]["target_rate"] == 0.3  # the later TargetSet holds


async def test_progress_before_registry_gives_the_same_report(fresh_schema, envelope):
    streams = history()
    registry_types = {"UnitRegistered", "UnitDissolved", "ClusterFormed"}
    events = [envelope(t, p, agg, v) for _, v, (t, p, agg) in interleave(streams, 3)]
    late_registry = [e for e in events if e.event_type not in registry_types] + \
                    [e for e in events if e.event_type in registry_types]
    in_order, reversed_topics = await fresh_schema("order"), await fresh_schema("late")
    await apply_in_batches(in_order, events, [len(events)])
    await apply_in_batches(reversed_topics, late_registry, [40] * (len(events) // 40 + 1))
    assert await reports(reversed_topics) == await reports(in_order)


async def test_reset_forgets_every_fact(fresh_schema, envelope):
    pool = await fresh_schema("reset")
    events = [envelope(t, p, agg, v) for _, v, (t, p, agg) in interleave(history(), 4)]
    await apply_in_batches(pool, events, [len(events)])
    async with pool.acquire() as conn, conn.transaction():
        await NtmFacts().reset(conn)
    report = await consolidated_report(pool, "20", date(2015, 12, 31))
    assert report["province"]["communes"] == 0 and report["districts"] == [] and report["targets"] == []

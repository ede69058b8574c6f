"""NtmFacts against a real PostgreSQL, on a small province whose figures are worked out by hand:
batches in any interleaving, late corrections (known_at), repeated deliveries, reset, and the
retirement of the layout awards and reporting held before this package."""
import random
from datetime import date, datetime, time, timedelta, timezone

import asyncpg

from contracts.progress import CommuneRecognised, CriteriaSetPublished, CriterionAssessed, Criterion
from contracts.progress import RecognitionRevoked, TargetSet
from contracts.registry import ClusterFormed, ClusterMembershipChanged, UnitDissolved, UnitMoved
from contracts.registry import UnitRegistered, UnitRenamed
from thidua_facts import MIGRATIONS, queries
from thidua_facts.projection import NtmFacts
from thidua_facts.read_model import load_facts
from thidua_facts.testing import envelope, light, write_batches as write
from thidua_kernel.db import migrate

VN = timezone(timedelta(hours=7))
START = date(2011, 1, 1)
LATE = datetime(2016, 3, 1, 9, tzinfo=VN)  # when a 2015 recognition of xã a was finally entered
END_2015 = datetime(2015, 12, 31, 23, 59, tzinfo=VN)


def at(day: date) -> datetime:
    """Recorded at noon of its effective day, Vietnam time (a clerk enters facts as they happen)."""
    return datetime.combine(day, time(12), tzinfo=VN)


def unit(code: str, kind: str, parent: str | None, name: str) -> UnitRegistered:
    level = {"province": "province", "rural_district": "district"}.get(kind, "commune")
    return UnitRegistered(code=code, level=level, unit_type=kind, name=name, parent_code=parent,
                          effective_from=START, source="test")


def history() -> list[list[tuple[str, object, str, datetime]]]:
    """Streams of (event type, payload, aggregate id, recorded_at), each in its own order."""
    reg = lambda p: ("UnitRegistered", p, p.code, at(START))  # noqa: E731
    streams = [[reg(unit("20", "province", None, "Tỉnh Thử"))],
               *([reg(unit(d, "rural_district", "20", f"Huyện {d}"))] for d in ("101", "102"))]
    communes = {"a": "101", "b": "101", "c": "101", "d": "102", "e": "102", "f": "102"}
    units = {code: [reg(unit(code, "rural_commune", district, f"Xã {code}"))] for code, district in communes.items()}
    units["b"].append(("UnitMoved", UnitMoved(code="b", parent_code="102", effective_date=date(2016, 1, 1)), "b",
                       at(date(2016, 1, 1))))
    units["f"].append(("UnitDissolved", UnitDissolved(code="f", effective_to=date(2020, 1, 1), successor_code="e"),
                       "f", at(date(2020, 1, 1))))
    units["t"] = [reg(unit("t", "township", "101", "Thị trấn T")),
                  ("UnitRenamed", UnitRenamed(code="t", name="Xã T", unit_type="rural_commune",
                                              effective_date=date(2020, 1, 1)), "t", at(date(2020, 1, 1)))]
    streams += units.values()
    streams.append([("ClusterFormed", ClusterFormed(code="c1", kind="cluster", name="Cụm một", member_codes=["101"],
                                                    effective_from=date(2012, 1, 1)), "c1", at(date(2012, 1, 1))),
                    ("ClusterMembershipChanged", ClusterMembershipChanged(
                        code="c1", member_codes=["101", "102"], effective_from=date(2014, 1, 1)), "c1",
                     at(date(2014, 1, 1)))])
    streams.append([("CriteriaSetPublished", CriteriaSetPublished(
        set_id="2009", decision="491/QĐ-TTg", effective_from=date(2009, 4, 16),
        criteria=[Criterion(number=n, group="I", name_vi=f"Tiêu chí {n}", name_en=f"C{n}") for n in range(1, 20)]),
        "2009", at(START))])
    streams.append([("TargetSet", TargetSet(unit_code="20", year=2015, ntm_rate=0.2), "20-2015", at(date(2012, 1, 1))),
                    ("TargetSet", TargetSet(unit_code="20", year=2015, ntm_rate=0.5), "20-2015", at(date(2014, 1, 1)))])
    for i, (code, district) in enumerate(communes.items()):
        def assessed(n: int, met: bool, day: date) -> tuple:
            return ("CriterionAssessed", CriterionAssessed(
                commune_code=code, district_code=district, criteria_set_id="2009", criterion=n, met=met,
                effective_date=day, evidence=f"BB-{code}-{n}"), code, at(day))

        def decided(kind: str, day: date, number: str, recorded: datetime | None = None) -> tuple:
            model = CommuneRecognised if kind == "CommuneRecognised" else RecognitionRevoked
            extra = {"criteria_set_id": "2009"} if model is CommuneRecognised else {}
            return (kind, model(commune_code=code, district_code=district, decision_number=number,
                                effective_date=day, **extra), code, recorded or at(day))

        stream = [assessed(n, n <= 15 + i, date(2013, 6, 30)) for n in range(1, 20)]
        stream.append(assessed(1, False, date(2014, 6, 30)))  # lost again (P3) ...
        if i % 2:
            stream.append(assessed(1, True, date(2014, 6, 30)))  # ... and regained the same day
        if i >= 3:
            stream.append(decided("CommuneRecognised", date(2013, 12, 15), f"{i}/QĐ"))
        if code == "e":
            stream += [decided("RecognitionRevoked", date(2014, 7, 1), "9/QĐ"),
                       decided("CommuneRecognised", date(2015, 12, 1), "10/QĐ")]
        if code == "a":
            stream.append(decided("CommuneRecognised", date(2015, 6, 1), "11/QĐ", LATE))
        streams.append(stream)
    return streams


def interleave(streams, seed: int) -> list:
    """A random merge of the streams that keeps each stream's own order (one partition per key)."""
    rng, cursors, merged = random.Random(seed), [0] * len(streams), []
    while any(c < len(s) for c, s in zip(cursors, streams)):
        i = rng.choice([i for i, s in enumerate(streams) if cursors[i] < len(s)])
        cursors[i] += 1
        event_type, payload, aggregate, recorded = streams[i][cursors[i] - 1]
        merged.append(light(envelope(event_type, payload, aggregate, cursors[i], recorded)))
    return merged


QUESTIONS = [(date(2013, 12, 31), None), (date(2014, 7, 1), None), (date(2015, 12, 31), END_2015),
             (date(2015, 12, 31), None), (date(2020, 6, 30), None), (date(2013, 12, 31), at(date(2013, 1, 1)))]


async def figures(pool: asyncpg.Pool) -> list:
    result = []
    for as_of, known_at in QUESTIONS:
        facts = await load_facts(pool, as_of, known_at, "20")
        snapshot = facts.snapshot("20")
        result.append((snapshot.province, snapshot.districts, sorted(facts.criteria_met()),
                       facts.clusters_in_force(), facts.target_progress()))
    return result


def rates(figure) -> dict[str, tuple[int, int]]:
    province, districts = figure[0], figure[1]
    return {province.code: (province.recognised, province.communes),
            **{d.code: (d.recognised, d.communes) for d in districts}}


async def test_batches_in_any_interleaving_give_the_one_by_one_figures_worked_out_by_hand(fresh_schema):
    one_by_one, batched = interleave(history(), 1), interleave(history(), 2)
    single, batch = await fresh_schema("single"), await fresh_schema("batch")
    await write(single, one_by_one, [1] * len(one_by_one))
    await write(batch, batched, [7, 1, 50, 3, 1000])
    expected = await figures(single)
    assert await figures(batch) == expected
    by_question = dict(zip(QUESTIONS, expected))
    end_2013, revoked, end_2015_then, end_2015_now, mid_2020, before_anything = (by_question[q] for q in QUESTIONS)
    assert rates(end_2013) == {"20": (3, 6), "101": (0, 3), "102": (3, 3)}
    assert rates(revoked) == {"20": (2, 6), "101": (0, 3), "102": (2, 3)}  # e revoked from 1 Jul 2014
    # The recognition of a (effective 1 Jun 2015) was entered in March 2016: not in "2015 as known then".
    assert rates(end_2015_then) == {"20": (3, 6), "101": (0, 3), "102": (3, 3)}
    assert rates(end_2015_now) == {"20": (4, 6), "101": (1, 3), "102": (3, 3)}
    # 2020: b moved to 102 (2016), f merged into e (2020), thị trấn t a xã since 2020.
    assert rates(mid_2020) == {"20": (3, 6), "101": (1, 3), "102": (2, 3)}
    # Known at 1 Jan 2013: the units (recorded in 2011), no recognition yet.
    assert rates(before_anything) == {"20": (0, 6), "101": (0, 3), "102": (0, 3)}


async def test_what_was_known_at_a_time_is_what_was_recorded_by_then(fresh_schema):
    pool = await fresh_schema("known")
    events = interleave(history(), 3)
    await write(pool, events, [len(events)])
    early = await load_facts(pool, date(2013, 12, 31), at(date(2013, 1, 1)), "20")
    assert early.snapshot("20").province.communes == 6 and early.recognised() == frozenset()
    assert early.criteria_met() == set() and early.clusters_in_force()[0].member_codes == ("101",)
    [target] = early.known_targets()
    assert target.ntm_rate == 0.2  # the 0.5 target was set in 2014
    now = await load_facts(pool, date(2015, 12, 31), None, "20")
    near = [(c, n) for c, n in sorted(now.criteria_met()) if c == "c"]
    assert len(near) == 16  # c: criteria 1..17 met in 2013, criterion 1 lost in 2014
    progress = now.target_progress()
    assert progress[0].target.ntm_rate == 0.5 and progress[0].met is True  # 4/6 >= 0.5


async def test_progress_before_registry_gives_the_same_figures(fresh_schema):
    events = interleave(history(), 4)
    late_registry = [e for e in events if e.aggregate_type not in ("unit", "cluster")] + \
                    [e for e in events if e.aggregate_type in ("unit", "cluster")]
    in_order, reversed_topics = await fresh_schema("order"), await fresh_schema("late")
    await write(in_order, events, [len(events)])
    await write(reversed_topics, late_registry, [40] * (len(events) // 40 + 1))
    assert await figures(reversed_topics) == await figures(in_order)


async def test_a_repeated_delivery_changes_no_answer_and_history_shows_each_event_once(fresh_schema):
    events = interleave(history(), 5)
    once, twice = await fresh_schema("once"), await fresh_schema("twice")
    await write(once, events, [len(events)])
    await write(twice, events, [len(events)])
    await write(twice, events[:30], [30])  # the relay published a batch again after a crash
    assert await figures(twice) == await figures(once)
    async with twice.acquire() as conn:
        assessments, recognitions = await queries.commune_history(conn, "e", date(2030, 1, 1), None)
        assert [a.stream_version for a in assessments] == list(range(1, 21))
        assert [(r.effective_date, r.recognised) for r in recognitions] == [
            (date(2013, 12, 15), True), (date(2014, 7, 1), False), (date(2015, 12, 1), True)]
        latest = await queries.latest_recognitions(conn, ["a", "e", "zz"], date(2015, 12, 31), END_2015)
        assert {c: r.recognised for c, r in latest.items()} == {"e": True}


async def test_reset_forgets_every_fact(fresh_schema):
    pool = await fresh_schema("reset")
    events = interleave(history(), 6)
    await write(pool, events, [len(events)])
    async with pool.acquire() as conn, conn.transaction():
        await NtmFacts().reset(conn)
    facts = await load_facts(pool, date(2015, 12, 31), None, "20")
    assert facts.snapshot("20").province.communes == 0 and facts.known_targets() == []


async def test_the_layout_awards_and_reporting_held_before_is_retired_and_replayed(fresh_schema):
    pool = await fresh_schema("retire")
    # A database from before migrations were recorded: its files ran, but no record says so.
    await pool.execute("DELETE FROM schema_migrations WHERE name LIKE 'thidua_facts/%'")
    await pool.execute("CREATE TABLE units (code text); CREATE TABLE unit_dissolutions (code text);"
                       " CREATE TABLE recognitions (x int); CREATE TABLE criterion_assessments (x int)")
    await pool.execute("INSERT INTO projection_offsets VALUES ('ntm_facts', 't', 0, 42), ('other', 't', 0, 7)")
    await migrate(pool, MIGRATIONS)
    tables = {r[0] for r in await pool.fetch("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
    assert not tables & {"units", "unit_dissolutions", "recognitions", "criterion_assessments"}
    assert {"ntm_unit_changes", "ntm_assessments"} <= tables
    assert await pool.fetchval("SELECT count(*) FROM projection_offsets WHERE projection = 'ntm_facts'") == 0
    await migrate(pool, MIGRATIONS)  # and again: nothing more happens
    assert await pool.fetchval("SELECT count(*) FROM projection_offsets") == 1

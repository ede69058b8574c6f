"""U3 participants and U6 support pledges through NtmFacts on a real PostgreSQL: what
load_facts reads at (as_of, known_at), repeated deliveries, a rebuild from offset 0 giving the
same tables, and migration 002 replaying a schema whose projection had already run."""
from datetime import date, datetime, time, timedelta, timezone

import asyncpg

from thidua_facts import MIGRATIONS
from thidua_facts.projection import NtmFacts
from thidua_facts.read_model import load_facts
from thidua_facts.testing import light, participant_registered, support_pledged, unit_registered
from thidua_facts.testing import write_batches as write
from thidua_kernel.db import migrate

VN = timezone(timedelta(hours=7))
END_2015 = datetime(2015, 12, 31, 23, 59, tzinfo=VN)


def at(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=VN)


def history() -> list:
    """Units, a department with a subordinate unit and a business person, and their pledges; the
    department re-registered (renamed) from 2014; one pledge entered late (March 2016)."""
    units = [unit_registered("20", "province", None), unit_registered("178", "rural_district", "20"),
             unit_registered("05986", "rural_commune", "178"), unit_registered("05989", "township", "178")]
    return [light(e) for e in (
        *units,
        participant_registered("so-nn", "department", day=date(2011, 3, 1), recorded_at=at(date(2011, 3, 1)),
                               name="Sở NN"),
        participant_registered("cc-tl", "subordinate_unit", "so-nn", day=date(2011, 4, 1),
                               recorded_at=at(date(2011, 4, 1))),
        participant_registered("ong-a", "business_person", day=date(2012, 1, 1), recorded_at=at(date(2012, 1, 1)),
                               address="Số 1, Lạng Sơn"),
        support_pledged("so-nn", "178", date(2011, 6, 1), at(date(2011, 6, 1))),
        support_pledged("cc-tl", "05986", date(2012, 6, 1), at(date(2012, 6, 1))),
        support_pledged("cc-tl", "05989", date(2015, 6, 1), datetime(2016, 3, 1, 9, tzinfo=VN)),
        participant_registered("so-nn", "department", day=date(2014, 1, 1), recorded_at=at(date(2014, 1, 1)),
                               name="Sở Nông nghiệp và PTNT", version=2),
    )]


async def tables(pool: asyncpg.Pool) -> tuple[list, list]:
    return ([tuple(r) for r in await pool.fetch("SELECT * FROM ntm_participants ORDER BY code, stream_version")],
            [tuple(r) for r in await pool.fetch(
                "SELECT * FROM ntm_pledges ORDER BY supporter_code, supported_code, stream_version")])


async def test_participants_and_pledges_as_of_a_date_and_as_known_at_a_time(fresh_schema):
    pool = await fresh_schema("parts")
    await write(pool, history(), [3, 1, 4, 100])
    facts = await load_facts(pool, date(2015, 12, 31), END_2015, "20")
    participants = facts.participants_on()
    assert {c: (p.kind, p.name, p.parent_code, p.address) for c, p in participants.items()} == {
        "so-nn": ("department", "Sở Nông nghiệp và PTNT", None, None),
        "cc-tl": ("subordinate_unit", "subordinate_unit cc-tl", "so-nn", None),
        "ong-a": ("business_person", "business_person ong-a", None, "Số 1, Lạng Sơn")}
    assert participants["so-nn"].stream_version == 2 and participants["so-nn"].effective_from == date(2014, 1, 1)
    assert facts.participants_on(date(2013, 12, 31))["so-nn"].name == "Sở NN"  # the renaming is from 2014
    # The 2015 pledge to the thị trấn was entered in March 2016: not in "2015 as known then".
    assert [(p.supporter_code, p.supported_code) for p in facts.pledges_on()] == [("cc-tl", "05986"), ("so-nn", "178")]
    now = await load_facts(pool, date(2015, 12, 31), None, "20")
    assert [p.supported_code for p in now.pledges_on()] == ["05986", "05989", "178"]
    assert [p.supported_code for p in now.pledges_on(date(2012, 5, 31))] == ["178"]
    early = await load_facts(pool, date(2011, 12, 31), None, "20", assessments=False)
    assert set(early.participants_on()) == {"so-nn", "cc-tl"} and len(early.participants) == 2  # ong-a from 2012
    before = await load_facts(pool, date(2015, 12, 31), at(date(2011, 3, 2)), "20")
    assert set(before.participants_on()) == {"so-nn"} and before.pledges == ()


async def test_a_repeated_delivery_and_a_rebuild_from_offset_0_give_the_same_tables(fresh_schema):
    events = history()
    once, again = await fresh_schema("once"), await fresh_schema("again")
    await write(once, events, [len(events)])
    await write(again, events, [1] * len(events))
    await write(again, events[3:9], [6])  # the relay published a batch again after a crash
    assert await tables(again) == await tables(once)
    assert len((await tables(once))[0]) == 4 and len((await tables(once))[1]) == 3
    async with again.acquire() as conn, conn.transaction():
        await NtmFacts().reset(conn)  # a rebuild: forget every row, then replay from offset 0
    assert await tables(again) == ([], [])
    await write(again, events, [5, 5, 5])
    assert await tables(again) == await tables(once)


async def test_a_batch_without_participants_or_pledges_writes_none(fresh_schema):
    pool = await fresh_schema("none")
    rows = NtmFacts().prepare(history()[:4])
    assert rows.participants == [] and rows.pledges == [] and len(rows.unit_changes) == 4
    await write(pool, history()[:4], [4])
    assert await tables(pool) == ([], [])


async def test_migration_002_replays_a_schema_whose_projection_had_already_run(fresh_schema):
    pool = await fresh_schema("replay")
    await write(pool, history()[:4], [4])  # units only: what the projection wrote before 002 existed
    await pool.execute("DELETE FROM schema_migrations WHERE name IN ('thidua_facts/002_participants_pledges.sql',"
                       " 'thidua_facts/003_sealed_participants.sql')")  # neither existed then
    await pool.execute("DROP TABLE ntm_participants, ntm_pledges")
    await pool.execute("INSERT INTO projection_offsets VALUES ('ntm_facts', 't', 0, 42), ('other', 't', 0, 7)")
    await migrate(pool, MIGRATIONS)
    assert await pool.fetchval("SELECT count(*) FROM ntm_unit_changes") == 0  # replayed from offset 0
    assert await pool.fetchval("SELECT count(*) FROM projection_offsets WHERE projection = 'ntm_facts'") == 0
    assert await pool.fetchval("SELECT count(*) FROM projection_offsets") == 1
    await write(pool, history(), [len(history())])
    assert len((await tables(pool))[0]) == 4
    await pool.execute("INSERT INTO projection_offsets VALUES ('ntm_facts', 't', 0, 99)")
    await migrate(pool, MIGRATIONS)  # and again: recorded, nothing more happens
    assert await pool.fetchval("SELECT count(*) FROM ntm_unit_changes") == 4

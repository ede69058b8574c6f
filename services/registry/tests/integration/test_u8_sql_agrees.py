"""U8: the registry's SQL (the projection's bitemporal versions, read by views.get_unit and
views.list_units) answers what the shared fold answers in memory (thidua_facts u8_unit_on), for
random histories recorded in random order, at any (as_of, known_at).

Hypothesis runs examples synchronously, so the test drives its own event loop (asyncio.Runner)
with one schema, emptied between examples.
"""
import asyncio
import uuid
from datetime import date, datetime, timedelta, timezone

import asyncpg
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.envelope import Actor, EventEnvelope
from contracts.registry import UnitDissolved, UnitMoved, UnitRegistered, UnitRenamed
from registry.bootstrap import MIGRATIONS
from registry.domain.model import unit_change
from registry.projections import UnitDirectory
from registry.views import get_unit, list_units
from thidua_facts.domain.hierarchy import u8_unit_on, u8_unit_timeline
from thidua_facts.timeframe import Timeframe
from thidua_kernel.db import create_pool, migrate
from thidua_kernel.errors import NotFound

T0 = datetime(2012, 1, 1, tzinfo=timezone.utc)
DAYS = st.dates(date(2011, 1, 1), date(2016, 12, 31))
CODES = ("a", "b", "c")
ACTOR = Actor(principal_id="test", role="province_board", scope="20")


@st.composite
def unit_stream(draw, code: str) -> list[tuple[object, int]]:
    """One unit's events in stream order, each with the hours after T0 it was recorded (rising)."""
    models: list[object] = []
    if draw(st.booleans()) or code == "a":
        models.append(UnitRegistered(code=code, level="commune", unit_type="rural_commune", name=f"Xã {code}",
                                     parent_code="180", effective_from=draw(DAYS), source="test"))
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["rename", "move", "dissolve"]))
        day = draw(DAYS)
        if kind == "rename":
            models.append(UnitRenamed(code=code, name=draw(st.sampled_from(["Xã Một", "Xã Hai"])), effective_date=day,
                                      unit_type=draw(st.sampled_from([None, "township"]))))
        elif kind == "move":
            models.append(UnitMoved(code=code, parent_code=draw(st.sampled_from(["180", "181"])), effective_date=day))
        elif not (models and isinstance(models[0], UnitRegistered) and day <= models[0].effective_from):
            # The write side never dissolves a unit on or before its creation (u8_after_start).
            models.append(UnitDissolved(code=code, effective_to=day, successor_code=draw(st.sampled_from([None, "b"]))))
    hours = sorted(draw(st.lists(st.integers(0, 50), min_size=len(models), max_size=len(models))))
    return list(zip(models, hours))


def envelopes(streams: dict[str, list[tuple[object, int]]]) -> list[EventEnvelope]:
    found = []
    for code, stream in streams.items():
        for version, (model, hours) in enumerate(stream, start=1):
            at = T0 + timedelta(hours=hours)
            found.append(EventEnvelope(
                event_id=uuid.uuid4(), event_type=type(model).__name__, aggregate_type="unit", aggregate_id=code,
                aggregate_version=version, occurred_at=at, recorded_at=at, actor=ACTOR, correlation_id=uuid.uuid4(),
                producer="registry", payload=model.model_dump(mode="json")))
    return found


def expected(events: list[EventEnvelope], code: str, tf: Timeframe):
    """What the shared fold says: the unit's state of D with its lifetime as known at K, or
    ("absent", lifetime) when it did not exist at D, or None when it is not registered at K."""
    changes = [c for e in events
               if (c := unit_change(e.event_type, e.payload, e.aggregate_version, e.recorded_at)) is not None]
    timeline = u8_unit_timeline([c for c in changes if c.code == code], tf.known_at)
    if timeline is None:
        return None
    lifetime = (timeline.effective_from.isoformat(),
                timeline.effective_to.isoformat() if timeline.effective_to else None)
    state = u8_unit_on(changes, code, tf.as_of, tf.known_at)
    if state is None or not state.exists_on(tf.as_of):
        return ("absent", lifetime)
    return (state.name, state.unit_type, state.parent_code, lifetime)


async def answered(pool: asyncpg.Pool, code: str, tf: Timeframe):
    try:
        row = await get_unit(pool, code, tf)
    except NotFound as e:
        if e.rule == "U1":
            return None
        assert e.rule == "U8"
        return ("absent", (e.figures["effective_from"], e.figures["effective_to"]))
    lifetime = (row["effective_from"].isoformat(),
                row["effective_to"].isoformat() if row["effective_to"] else None)
    return (row["name"], row["unit_type"], row["parent_code"], lifetime)


def test_the_sql_answers_what_the_shared_fold_answers(database_url, unique):
    schema = f"registry_u8_{unique}"
    with asyncio.Runner() as runner:
        pool = runner.run(create_pool(database_url, schema, min_size=1, max_size=2))
        try:
            runner.run(migrate(pool, MIGRATIONS))

            @settings(max_examples=40, deadline=None)
            @given(st.fixed_dictionaries({c: unit_stream(c) for c in CODES}), st.randoms(use_true_random=False),
                   st.lists(st.tuples(DAYS, st.integers(-1, 52)), min_size=1, max_size=6))
            def check(streams, rng, questions):
                events = envelopes(streams)
                delivered = list(events)
                rng.shuffle(delivered)  # streams interleaved and cut into batches in any way

                async def run():
                    projection = UnitDirectory()
                    async with pool.acquire() as conn, conn.transaction():
                        await projection.reset(conn)
                    for i in range(0, len(delivered), 3):
                        async with pool.acquire() as conn, conn.transaction():
                            await projection.apply(conn, delivered[i:i + 3])
                    for day, hours in questions:
                        tf = Timeframe(day, T0 + timedelta(hours=hours, minutes=30 * (hours % 2)))
                        listed = {u["code"] for u in await list_units(pool, tf, None, None, None)}
                        for code in CODES:
                            want = expected(events, code, tf)
                            assert await answered(pool, code, tf) == want, (code, tf)
                            assert (code in listed) == (want is not None and want[0] != "absent")

                runner.run(run())

            check()
        finally:
            runner.run(pool.execute(f'DROP SCHEMA "{schema}" CASCADE'))
            runner.run(pool.close())

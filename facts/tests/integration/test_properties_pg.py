"""Properties of the projection and its queries on random histories, against real PostgreSQL.

(a) an answer for (as_of, known_at) never changes when events recorded after known_at are
    written; (b) any split into batches, any interleaving of the streams (each in its own order)
    gives the answers of one batch from offset 0: the projection equals its rebuild; (c) the SQL
    (filters on recorded_at and effective dates, DISTINCT ON, the LATERAL probe) agrees with the
    pure functions computing the same answers in memory.

Hypothesis runs examples synchronously, so each test drives its own event loop (asyncio.Runner)
with one schema, emptied between examples.
"""
import asyncio
from collections.abc import Callable
from datetime import timedelta

import asyncpg
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua_facts import MIGRATIONS, queries
from thidua_facts.domain.criteria import p3_latest_assessments
from thidua_facts.domain.ntm_rate import p4_latest_recognitions
from thidua_facts.model import visible
from thidua_facts.projection import NtmFacts
from thidua_facts.read_model import load_facts
from thidua_facts.testing import light
from thidua_facts.testing_histories import (
    ASK_DAYS, COMMUNES, PROVINCE, Recorded, answers, as_facts, histories, known_ats, pure_facts_at,
)
from thidua_kernel.db import create_pool, migrate

PROPERTY = settings(max_examples=15, deadline=None)


def on_postgres(database_url: str, schema: str, check: Callable) -> None:
    """Run `check(runner, pool)` (a hypothesis test) on a fresh schema, then drop it."""
    with asyncio.Runner() as runner:
        pool = runner.run(create_pool(database_url, schema, min_size=1, max_size=2))
        try:
            runner.run(migrate(pool, MIGRATIONS))
            check(runner, pool)
        finally:
            runner.run(pool.execute(f'DROP SCHEMA "{schema}" CASCADE'))
            runner.run(pool.close())


async def rewrite(pool: asyncpg.Pool, batches: list[list[Recorded]]) -> None:
    """Empty the facts (a rebuild), then write the batches as the runner would, one transaction each."""
    projection = NtmFacts()
    async with pool.acquire() as conn, conn.transaction():
        await projection.reset(conn)
    for batch in batches:
        async with pool.acquire() as conn, conn.transaction():
            await projection.write(conn, projection.prepare([light(r.envelope()) for r in batch]))


async def sql_answers(pool: asyncpg.Pool, questions) -> list:
    return [answers(await load_facts(pool, as_of, known_at, PROVINCE)) for as_of, known_at in questions]


@st.composite
def splits(draw, history: list[Recorded]) -> list[list[Recorded]]:
    """Another order the topics may deliver the same events in, cut into batches."""
    streams: dict[tuple[str, str], list[Recorded]] = {}
    for r in history:
        streams.setdefault((r.envelope().aggregate_type, r.aggregate_id), []).append(r)
    rng = draw(st.randoms(use_true_random=False))
    order, queues = [], {k: list(v) for k, v in streams.items()}
    while queues:
        key = rng.choice(sorted(queues))
        order.append(queues[key].pop(0))
        if not queues[key]:
            del queues[key]
    cuts = sorted(draw(st.lists(st.integers(0, len(order)), max_size=6)))
    return [order[a:b] for a, b in zip([0, *cuts], [*cuts, len(order)])]


def test_a_projection_fed_in_any_batches_equals_its_rebuild_from_offset_0(database_url, unique):
    """(b)"""
    def check(runner: asyncio.Runner, pool: asyncpg.Pool) -> None:
        @PROPERTY
        @given(st.data())
        def prop(data):
            history = data.draw(histories(), label="history")
            questions = [(as_of, known_at) for as_of in ASK_DAYS[1:] for known_at in known_ats(history)[-2:]]
            runner.run(rewrite(pool, [history]))
            rebuilt = runner.run(sql_answers(pool, questions))
            runner.run(rewrite(pool, data.draw(splits(history), label="batches")))
            assert runner.run(sql_answers(pool, questions)) == rebuilt

        prop()

    on_postgres(database_url, f"facts_prop_b_{unique}", check)


def test_an_answer_never_changes_when_events_recorded_after_known_at_are_written(database_url, unique):
    """(a), through PostgreSQL: write what was recorded by known_at, ask, write the rest, ask again."""
    def check(runner: asyncio.Runner, pool: asyncpg.Pool) -> None:
        @PROPERTY
        @given(st.data())
        def prop(data):
            history = data.draw(histories(), label="history")
            cut = data.draw(st.integers(0, len(history)), label="events recorded by known_at")
            known_at = (history[cut - 1].recorded_at if cut else history[0].recorded_at - timedelta(hours=1)) \
                + timedelta(minutes=30)
            questions = [(as_of, known_at) for as_of in ASK_DAYS]
            runner.run(rewrite(pool, [history[:cut]]))
            before = runner.run(sql_answers(pool, questions))
            runner.run(rewrite(pool, [history[:cut], history[cut:]]))
            assert runner.run(sql_answers(pool, questions)) == before

        prop()

    on_postgres(database_url, f"facts_prop_a_{unique}", check)


def test_the_sql_agrees_with_the_pure_functions(database_url, unique):
    """(c): the whole read path, and the two questions answered in SQL itself."""
    def check(runner: asyncio.Runner, pool: asyncpg.Pool) -> None:
        @PROPERTY
        @given(histories())
        def prop(history):
            runner.run(rewrite(pool, [history]))
            facts = as_facts(history)
            for as_of in ASK_DAYS:
                for known_at in known_ats(history)[::2]:
                    assert runner.run(sql_answers(pool, [(as_of, known_at)])) == [
                        answers(pure_facts_at(history, as_of, known_at))]
                    runner.run(sql_only(pool, facts, as_of, known_at))

        prop()

    on_postgres(database_url, f"facts_prop_c_{unique}", check)


async def sql_only(pool: asyncpg.Pool, facts: dict, as_of, known_at) -> None:
    """latest_recognitions (DISTINCT ON), p3_latest_assessments (LATERAL) and the participants' and
    pledges' filters against the pure ones."""
    communes = [*COMMUNES, "nowhere"]
    async with pool.acquire() as conn:
        in_sql = await queries.latest_recognitions(conn, communes, as_of, known_at)
        assessed = await queries.latest_assessments(conn, communes, as_of, known_at)
    assert in_sql == p4_latest_recognitions(facts["recognitions"], as_of, known_at)
    async with pool.acquire() as conn:  # U3/U6: the rows effective by as_of and recorded by known_at, no other
        participants = await queries.participant_facts(conn, as_of, known_at)
        pledges = await queries.pledge_facts(conn, as_of, known_at)
    in_time = lambda f: f.effective_from <= as_of and visible(f.recorded_at, known_at)  # noqa: E731
    assert set(participants) == {f for f in facts["participants"] if in_time(f)}
    assert set(pledges) == {f for f in facts["pledges"] if in_time(f)}
    key = lambda a: (a.met, a.criteria_set_id, a.effective_date, a.stream_version, a.recorded_at)  # noqa: E731
    assert {k: key(a) for k, a in assessed.items()} == {
        k: key(a) for k, a in p3_latest_assessments(facts["assessments"], as_of, known_at).items()}
    for code in COMMUNES:  # a commune's history: each assessment once (a matrix event holds several)
        async with pool.acquire() as conn:
            history, _ = await queries.commune_history(conn, code, as_of, known_at)
        expected = sorted({(a.effective_date, a.stream_version, a.criterion, a.met) for a in facts["assessments"]
                           if a.commune_code == code and a.effective_date <= as_of and visible(a.recorded_at, known_at)})
        assert [(a.effective_date, a.stream_version, a.criterion, a.met) for a in history] == expected

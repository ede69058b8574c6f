"""U7: the registry's SQL for plans (programme_views.plans: the latest deadline known at K, the
submission known at K and made by D) answers what the shared reading answers in memory
(thidua_facts u7_plans_at, u7_plan_status), for random plan histories delivered in any order.

Histories are those the registry accepts: deadlines first (any number: a later one moves it),
at most one submission after them (U7: a plan comes once, and only once it has a deadline).
"""
import asyncio
import uuid
from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.envelope import Actor, EventEnvelope
from contracts.registry import PlanDue, PlanSubmitted
from registry.bootstrap import MIGRATIONS
from registry.programme_views import plans
from registry.projections import UnitDirectory
from thidua_facts.domain.programme import PlanDueFact, PlanSubmittedFact, u7_plan_status, u7_plans_at
from thidua_facts.timeframe import Timeframe
from thidua_kernel.db import create_pool, migrate

T0 = datetime(2012, 1, 1, tzinfo=timezone.utc)
DAYS = st.dates(date(2012, 1, 1), date(2012, 6, 30))
ACTOR = Actor(principal_id="test", role="province_board", scope="20")


@st.composite
def plan_stream(draw, code: str) -> list[tuple[object, int]]:
    models: list[object] = [PlanDue(plan_code=code, owner_code="180", title=f"Kế hoạch {n}", due_date=draw(DAYS))
                            for n in range(draw(st.integers(1, 3)))]
    if draw(st.booleans()):
        models.append(PlanSubmitted(plan_code=code, owner_code="180", submitted_on=draw(DAYS),
                                    document_number=f"{code}/KH"))
    hours = sorted(draw(st.lists(st.integers(0, 40), min_size=len(models), max_size=len(models))))
    return list(zip(models, hours))


def envelopes(streams: dict[str, list[tuple[object, int]]]) -> list[EventEnvelope]:
    return [EventEnvelope(
        event_id=uuid.uuid4(), event_type=type(model).__name__, aggregate_type="plan", aggregate_id=code,
        aggregate_version=version, occurred_at=T0 + timedelta(hours=hours), recorded_at=T0 + timedelta(hours=hours),
        actor=ACTOR, correlation_id=uuid.uuid4(), producer="registry", payload=model.model_dump(mode="json"))
        for code, stream in streams.items() for version, (model, hours) in enumerate(stream, start=1)]


def expected(events: list[EventEnvelope], tf: Timeframe) -> list[tuple]:
    deadlines = [PlanDueFact(e.payload["plan_code"], e.payload["owner_code"], e.payload["title"],
                             date.fromisoformat(e.payload["due_date"]), e.aggregate_version, e.recorded_at)
                 for e in events if e.event_type == "PlanDue"]
    submissions = [PlanSubmittedFact(e.payload["plan_code"], e.payload["owner_code"],
                                     date.fromisoformat(e.payload["submitted_on"]), e.payload["document_number"],
                                     e.aggregate_version, e.recorded_at)
                   for e in events if e.event_type == "PlanSubmitted"]
    return [(p.plan_code, p.title, p.due_date, p.submitted_on, p.document_number,
             u7_plan_status(p.due_date, p.submitted_on, tf.as_of))
            for p in u7_plans_at(deadlines, submissions, tf.as_of, tf.known_at)]


def test_the_plans_sql_answers_what_the_shared_reading_answers(database_url, unique):
    schema = f"registry_u7_{unique}"
    with asyncio.Runner() as runner:
        pool = runner.run(create_pool(database_url, schema, min_size=1, max_size=2))
        try:
            runner.run(migrate(pool, MIGRATIONS))

            @settings(max_examples=40, deadline=None)
            @given(st.fixed_dictionaries({c: plan_stream(c) for c in ("QH-180", "KH-2012")}),
                   st.randoms(use_true_random=False), st.lists(st.tuples(DAYS, st.integers(-1, 42)), min_size=1,
                                                               max_size=6))
            def check(streams, rng, questions):
                events = envelopes(streams)
                delivered = list(events)
                rng.shuffle(delivered)

                async def run():
                    projection = UnitDirectory()
                    async with pool.acquire() as conn, conn.transaction():
                        await projection.reset(conn)
                    for i in range(0, len(delivered), 2):
                        async with pool.acquire() as conn, conn.transaction():
                            await projection.apply(conn, delivered[i:i + 2])
                    for day, hours in questions:
                        tf = Timeframe(day, T0 + timedelta(hours=hours, minutes=30 * (hours % 2)))
                        answer = await plans(pool, tf)
                        got = [(p["plan_code"], p["title"], p["due_date"], p["submitted_on"],
                                p["submission_document"], p["status"]) for p in answer["plans"]]
                        assert got == expected(events, tf), tf

                runner.run(run())

            check()
        finally:
            runner.run(pool.execute(f'DROP SCHEMA "{schema}" CASCADE'))
            runner.run(pool.close())

"""The event index writes each event once, whatever is delivered twice (a relay retried after a
crash sends records again), within a batch or across batches."""
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from uuid import uuid4

from reporting.event_index import EventIndex

T0 = datetime(2013, 5, 2, tzinfo=timezone.utc)


def _event(version: int) -> SimpleNamespace:
    return SimpleNamespace(
        event_id=uuid4(), event_type="CriterionAssessed", aggregate_type="commune_progress", aggregate_id="06034",
        aggregate_version=version, occurred_at=T0 + timedelta(days=version), recorded_at=T0 + timedelta(days=version),
        actor={"principal_id": "huyen-trang-dinh", "role": "district_officer", "scope": "180"},
        document_number=f"{version}/QĐ-UBND", reason=None, correlation_id=uuid4(), causation_id=uuid4(),
        producer="progress", payload={"commune_code": "06034", "criterion": version})


async def _apply(pool, index: EventIndex, events: list) -> None:
    async with pool.acquire() as conn, conn.transaction():
        await index.apply(conn, events)


async def test_each_event_is_indexed_once_when_batches_repeat_and_overlap(fresh_schema):
    pool = await fresh_schema("event_index")
    index = EventIndex()
    events = [_event(v) for v in range(1, 7)]
    await _apply(pool, index, events[:3])
    await _apply(pool, index, events[:3])  # the same batch again
    await _apply(pool, index, [events[2], events[3], events[3], events[4]])  # overlap and a twin
    await _apply(pool, index, events[5:])
    rows = await pool.fetch("SELECT event_id, aggregate_version, document_number, actor_scope, occurred_on,"
                            " causation_id, producer, subjects FROM event_index ORDER BY aggregate_version")
    assert [(r["event_id"], r["aggregate_version"]) for r in rows] == [(e.event_id, e.aggregate_version)
                                                                       for e in events]
    assert rows[4]["document_number"] == "5/QĐ-UBND" and rows[4]["actor_scope"] == "180"
    assert rows[0]["occurred_on"] == (T0 + timedelta(days=1)).date()
    # The audit trail's columns, through the COPY and through the keyed INSERT (batches 2 and 3).
    assert [(r["causation_id"], r["producer"], r["subjects"]) for r in rows] == [
        (e.causation_id, "progress", ["unit:06034", f"criterion:06034/{e.aggregate_version}"]) for e in events]

"""The example consumer (examples/finance_consumer) on the real broker, SASL/SCRAM: decisions as
awards writes them (v2) and as it wrote them before (v1), a decision waiting for its PrizeSet, a
record delivered twice, offsets committed after processing, a restart that pays nothing twice.
The end-to-end run through the awards service itself: services/awards/tests/integration/
test_round_api.py (test_the_department_of_finance_lists_the_prize_of_the_approved_flag)."""
import asyncio
import io
from datetime import date, datetime, timezone

import orjson
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from awards.events import append_one
from contracts.awards import AwardConferred, AwardKind, NominationDecided, PrizeSet, Prize, RoundDefined
from contracts.envelope import Actor
from contracts.topics import (
    HEADER_CORRELATION_ID, HEADER_EVENT_ID, HEADER_EVENT_TYPE, HEADER_POSITION, HEADER_PRODUCER, PARTITIONS)
from finance_consumer.consumer import follow
from finance_consumer.contracts import PublishedContracts, RefusedRecord
from thidua_deploy.in_process import eventually
from thidua_deploy.isolated import raw_kafka_producer
from thidua_deploy.schemas import SCHEMAS
from thidua_kernel.clock import ManualClock
from thidua_kernel.eventstore import build_envelopes
from thidua_kernel.kafka_admin import ensure_topics, partition_for
from thidua_kernel.messages import CommandContext

ROUND = "2011-2015"
BOARD = Actor(principal_id="ban-thi-dua", role="province_board", scope="20")
KINDS = [AwardKind(code="co-huyen", name_vi="Cờ thi đua", name_en="Emulation flag", level="central",
                   nominee_kinds=["district"], nominated_by=["province"], prize=Prize(amount_vnd=10_000_000_000)),
         AwardKind(code="bk-xa", name_vi="Bằng khen xã", name_en="Commune certificate", level="provincial",
                   nominee_kinds=["rural_commune"], nominated_by=["district"], prize=Prize(set_later=True))]
DEFINITION = RoundDefined(code=ROUND, title_vi="Tổng kết 2011-2015", title_en="2011-2015 summary", kind="summary",
                          period_from=2011, period_to=2015, reference_date=date(2015, 12, 31),
                          nominations_open=date(2016, 1, 1), nominations_due=date(2016, 3, 31),
                          province_code="20", award_kinds=KINDS)
COMMUNE_PRIZE = PrizeSet(round_code=ROUND, award_kind="bk-xa", amount_vnd=50_000_000, resolution="15/NQ-HĐND")


def decision(kind: str, nominee: str, outcome: str = "approved") -> NominationDecided:
    return NominationDecided(nomination_id=f"{ROUND}/{kind}/{nominee}", round_code=ROUND, award_kind=kind,
                             nominee_code=nominee, outcome=outcome, reasons="Hội đồng xét",
                             decision_number="12/QĐ-UBND", decision_date=date(2016, 4, 1))


class AwardsLog:
    """The round's stream, enveloped by the kernel as awards' store writes it (awards.events)."""

    def __init__(self) -> None:
        self.clock = ManualClock(datetime(2016, 4, 1, 2, 0, tzinfo=timezone.utc))
        self.version = 0
        self.records: list[dict] = []

    def append(self, payload, day: date = date(2016, 4, 1)) -> dict:
        [envelope] = build_envelopes(CommandContext(actor=BOARD), [append_one("award_round", ROUND, self.version,
                                                                               payload, day)], "awards", self.clock)
        self.version += 1
        self.records.append(envelope.model_dump(mode="json"))
        return self.records[-1]

    def append_as_v1(self, payload: NominationDecided) -> dict:
        """A decision as awards wrote it before NominationDecided v2."""
        record = self.append(payload)
        record["schema_version"] = 1
        for field in ("round_code", "award_kind", "nominee_code"):
            del record["payload"][field]
        return record


async def publish(kafka, topic: str, records: list[dict]) -> None:
    """As the outbox relay does: keyed by aggregate id, murmur2 partition, its headers."""
    producer = raw_kafka_producer(kafka)
    await producer.start()
    try:
        for position, record in enumerate(records, 1):
            key = record["aggregate_id"].encode()
            headers = [(HEADER_EVENT_ID, record["event_id"]), (HEADER_EVENT_TYPE, record["event_type"]),
                       (HEADER_POSITION, str(position)), (HEADER_PRODUCER, "awards"),
                       (HEADER_CORRELATION_ID, record["correlation_id"])]
            await producer.send_and_wait(topic, orjson.dumps(record), key=key, partition=partition_for(key, PARTITIONS),
                                         headers=[(k, v.encode()) for k, v in headers])
    finally:
        await producer.stop()


class RunningConsumer:
    def __init__(self, kafka, topic: str, group: str, ledger: str) -> None:
        self.out, self.stop = io.StringIO(), asyncio.Event()
        self.task = asyncio.create_task(follow(kafka.aiokafka(), topic, group, SCHEMAS, ledger, self.out, self.stop))

    def lines(self) -> list[str]:
        return self.out.getvalue().splitlines()

    async def stopped(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, 30)


def expected_line(d: NominationDecided, amount: int) -> str:
    return f"{d.nomination_id};{d.round_code};{d.award_kind};{d.nominee_code};{amount};{d.decision_number};" \
           f"{d.decision_date.isoformat()}"


async def committed_to_the_end(kafka, topic: str, group: str) -> bool:
    consumer = AIOKafkaConsumer(group_id=group, enable_auto_commit=False, **kafka.aiokafka())
    await consumer.start()
    try:
        parts = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        ends = await consumer.end_offsets(parts)
        return all([(await consumer.committed(tp) or 0) == ends[tp] for tp in parts])
    finally:
        await consumer.stop()


async def test_the_finance_consumer_lists_each_prize_once_from_v1_and_v2_decisions(kafka_admin, unique, tmp_path):
    topic, group, ledger = f"t{unique}.thidua.awards.events.v1", f"finance-{unique}", str(tmp_path / "ledger.db")
    await ensure_topics(kafka_admin, [topic], PARTITIONS)
    log = AwardsLog()
    flag, commune, rejected = decision("co-huyen", "185"), decision("bk-xa", "06034"), decision("bk-xa", "06040",
                                                                                                  "rejected")
    log.append(DEFINITION)
    log.append_as_v1(flag)
    waiting = log.append(commune)
    log.append(rejected)
    log.append(COMMUNE_PRIZE)
    log.append(AwardConferred(nomination_id=flag.nomination_id, conferred_on=date(2016, 5, 19)))
    assert [r["schema_version"] for r in log.records if r["event_type"] == "NominationDecided"] == [1, 2, 2]
    await publish(kafka_admin, topic, log.records + [waiting])  # the last one delivered again

    consumer = RunningConsumer(kafka_admin, topic, group, ledger)
    want = [expected_line(flag, KINDS[0].prize.amount_vnd), expected_line(commune, COMMUNE_PRIZE.amount_vnd)]
    async def both_paid() -> bool:
        return len(consumer.lines()) >= len(want)

    try:
        await eventually(both_paid, 60)
        await eventually(lambda: committed_to_the_end(kafka_admin, topic, group), 60)
    finally:
        await consumer.stopped()
    assert consumer.lines() == want

    later = decision("co-huyen", "180")
    await publish(kafka_admin, topic, [log.append(later)])
    again = RunningConsumer(kafka_admin, topic, f"{group}-replayed-from-0", ledger)  # every event seen again
    try:
        await eventually(lambda: committed_to_the_end(kafka_admin, topic, f"{group}-replayed-from-0"), 60)
    finally:
        await again.stopped()
    assert again.lines() == [expected_line(later, KINDS[0].prize.amount_vnd)]


def test_a_v2_decision_without_a_field_v2_requires_is_refused_by_the_published_schema():
    record = AwardsLog().append(decision("co-huyen", "185"))
    assert PublishedContracts(SCHEMAS).checked(record) == record
    del record["payload"]["award_kind"]
    with pytest.raises(RefusedRecord, match="award_kind"):
        PublishedContracts(SCHEMAS).checked(record)

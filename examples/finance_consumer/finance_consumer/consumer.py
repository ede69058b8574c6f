"""Following the awards topic: read, check against the published schemas, handle, then commit.

The offsets of a batch are committed only after every event of it is handled (its effects and its
event_id committed in SQLite first), so a crash between the two delivers the batch again and the
ledger, idempotent by event_id, makes no second payment line. Each new line is written to `out`.
"""
import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from aiokafka import AIOKafkaConsumer

from .contracts import PublishedContracts
from .ledger import PaymentLine, PrizeLedger

AWARDS_TOPIC = "thidua.awards.events.v1"
CSV_HEADER = "nomination_id;round_code;award_kind;nominee_code;amount_vnd;decision_number;decision_date"


async def follow(kafka: dict[str, Any], topic: str, group_id: str, schemas_dir: Path, ledger_path: str,
                 out: TextIO, stop: asyncio.Event,
                 handled: Callable[[list[PaymentLine]], None] = lambda lines: None) -> None:
    """Follow `topic` as consumer group `group_id` until `stop` is set. `kafka`: the aiokafka
    connection options (bootstrap_servers, security_protocol, sasl_* ...)."""
    contracts = PublishedContracts(schemas_dir)
    ledger = PrizeLedger(ledger_path)
    consumer = AIOKafkaConsumer(topic, group_id=group_id, enable_auto_commit=False,
                                auto_offset_reset="earliest", **kafka)
    await consumer.start()
    try:
        while not stop.is_set():
            batches = await consumer.getmany(timeout_ms=500, max_records=500)
            for records in batches.values():
                for record in records:
                    lines = ledger.handle(contracts.checked(json.loads(record.value)))
                    for line in lines:
                        out.write(line.csv() + "\n")
                    out.flush()
                    handled(lines)
            if batches:
                await consumer.commit()
    finally:
        await consumer.stop()
        ledger.close()

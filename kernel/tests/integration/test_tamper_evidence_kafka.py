"""Tamper evidence on Kafka: the topic's chains and seals verified, then a copy of the topic with
a record altered, dropped or reordered, named by verify: which event, which partition and offset."""
import dataclasses

import orjson
import pytest

from thidua_kernel.kafka_admin import ensure_topics, read_records
from thidua_kernel.verify import verify_topic


@pytest.mark.parametrize("case", ["record altered", "record dropped", "records reordered"])
async def test_verify_names_the_record_tampered_with_on_a_copy_of_the_topic(
        evidence, pool, store, ctx, broker, topic, kafka_admin, helpers, case):
    seals = f"{topic}-seals"
    await ensure_topics(kafka_admin, [seals, f"{topic}-copy"], 3)

    await evidence.sealed_history(pool, store, ctx, evidence.publisher(broker, seals),
                                  relay=lambda: evidence.relay_all(pool, broker, kafka_admin, topic, helpers))
    public = evidence.KEY.public_key()
    assert (await verify_topic(kafka_admin, topic, seals, public)).ok

    records = await read_records(kafka_admin, topic)
    a = [r for r in records if r.key == b"a"]
    a2, a3 = a[1], a[2]
    copy = list(records)
    if case == "record altered":
        altered = dataclasses.replace(a3, value=a3.value.replace(b'"n": 3', b'"n": 33'))
        copy[copy.index(a3)] = altered
        expected = ("AUDIT-CHAIN", "altered", altered)
    elif case == "record dropped":
        copy.remove(a3)
        expected = ("AUDIT-LINK", "removed", a[3])
    else:
        i, j = copy.index(a2), copy.index(a3)
        copy[i], copy[j] = a3, a2
        expected = ("AUDIT-LINK", "reordered", a3)
    await evidence.produce(kafka_admin, f"{topic}-copy", copy)
    report = await verify_topic(kafka_admin, f"{topic}-copy", seals, public)
    rule, kind, record = expected
    event = orjson.loads(record.value)["event_id"]
    found = [f for f in report.findings if (f.rule, f.kind, f.event_id) == (rule, kind, event)]
    assert found, report.as_dict()["findings"]
    offset = [r for r in copy if r.partition == record.partition].index(record)
    assert found[0].where == f"{topic}-copy partition {record.partition} offset {offset}"
    assert {f.stream for f in report.findings} == {"counter:a"}

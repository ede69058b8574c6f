"""verify: recompute every stream's hash chain and check it against the last seals.

    python -m thidua_kernel.verify --service progress --source pg|kafka|both [--public-key FILE] [--json]

Connection settings come from the environment as for the services (DATABASE_URL,
THIDUA_SCHEMA_SUFFIX, KAFKA_BOOTSTRAP_SERVERS, THIDUA_KAFKA_*, THIDUA_TOPIC_PREFIX); the key
from --public-key or THIDUA_SEAL_KEY_FILE. Exit 0: every chain and seal holds; 1: findings,
each naming the event (id, stream, version), where it is and its rule (README "Tamper evidence").
`verify_store`, `verify_topic` and `verify_both` are the same checks for other tools (the operator CLI).

How each source is read (once, for `both` too; `Report.scanned` counts what each pass read):
  pg     the seals, then the events table ordered by stream and version, in one read-only
         repeatable-read snapshot, through a cursor: one stream in memory at a time
         (chain.check_stream);
  kafka  the seals topic (small), then the events topic from offset 0 to the ends at the time of
         asking, one fetch at a time: each record goes through topic_chain.TopicChains, which
         keeps per stream its head (last hash and version) and only what a break still has to
         name; no record is held;
  both   the pg pass, which also keeps per event id its hash (and the outbox's ids) from the same
         snapshot, then the kafka pass, which also matches each record against those hashes
         (cross_check.py: AUDIT-CROSS); the few events a finding names are looked up again by id.
"""
import argparse
import asyncio
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from contracts.topics import HEADER_HASH, HEADER_PREV_HASH, HEADER_SEAL_SIGNATURE, events_topic, seals_topic

from .chain import ChainRow, Finding, check_sealed, check_stream
from .cross_check import CrossIndex, cross_findings, from_hex
from .db import create_pool
from .kafka_access import KafkaAccess
from .kafka_admin import iter_records, read_records
from .seal_format import PublicKeys, Seal, SealedHeads, check_seals, load_public_keys
from .settings import ServiceSettings
from .topic_chain import TopicChains


@dataclass
class Report:
    source: str
    events: int = 0
    streams: int = 0
    seals: int = 0
    last_seal: dict[str, Any] | None = None
    unsealed_events: int = 0
    records: int | None = None  # the topic's, for `both`
    findings: list[Finding] = field(default_factory=list)
    scanned: dict[str, int] = field(default_factory=dict)  # events read per source, in its one pass

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, Any]:
        last = self.last_seal and {k: self.last_seal[k] for k in ("seal_number", "sealed_at", "to_position")}
        return {"ok": self.ok, "source": self.source, "events": self.events, "streams": self.streams,
                "seals": self.seals, "last_seal": last, "unsealed_events": self.unsealed_events,
                "records": self.records, "scanned": self.scanned,
                "findings": [f.as_dict() for f in self.findings]}


class Checker:
    """Checks streams one at a time (a store is read stream by stream, never held whole), then
    the sealed streams that never showed up."""

    def __init__(self, source: str, sealed: SealedHeads, findings: list[Finding], where: str) -> None:
        self._sealed = sealed
        self._where = where
        self._seen: set[str] = set()
        self.report = Report(source, seals=sealed.count, last_seal=sealed.last, findings=findings)

    def stream(self, stream: str, rows: list[ChainRow]) -> None:
        report = self.report
        report.events += len(rows)
        report.streams += 1
        self._seen.add(stream)
        stream_findings, heads = check_stream(rows)
        report.findings += stream_findings
        version, hash_, number = self._sealed.heads.get(stream, (0, b"", 0))
        if version:
            report.findings += check_sealed(stream, rows, heads, version, hash_, number, self._where)
        report.unsealed_events += sum(1 for r in rows if (r.version or 0) > version)

    def finish(self) -> Report:
        for stream, (version, hash_, number) in self._sealed.heads.items():
            if stream not in self._seen:
                self.report.findings += check_sealed(stream, [], [], version, hash_, number, self._where)
        return self.report


@dataclass
class StoreSnapshot:
    """What the pg pass keeps for the cross check: per event id its hash, and the events still
    in the outbox (not yet owed to the topic)."""
    schema: str = ""
    hashes: dict[bytes, bytes] = field(default_factory=dict)
    pending: set[bytes] = field(default_factory=set)


async def verify_store(pool: asyncpg.Pool, public: Ed25519PublicKey | PublicKeys,
                       keep: StoreSnapshot | None = None) -> Report:
    """The events table and seals of the pool's schema, read in one snapshot (and, with `keep`,
    what the cross check needs of it)."""
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        schema = await conn.fetchval("SELECT current_schema()")
        seals = [Seal(r["body"].encode(), r["signature"], f"{schema}.seals seal {r['seal_number']}")
                 for r in await conn.fetch("SELECT seal_number, body, signature FROM seals ORDER BY seal_number")]
        checker = Checker("pg", *check_seals(seals, public), f"{schema}.events")
        if keep is not None:
            keep.schema = schema
            keep.pending = {r["event_id"].bytes for r in await conn.fetch(
                "SELECT e.event_id FROM outbox o JOIN events e USING (position)")}
        stream, rows, read = None, [], 0
        async for r in conn.cursor(
                "SELECT position, event_id, stream_id, stream_version, envelope::text AS body, prev_hash, hash"
                " FROM events ORDER BY stream_id, stream_version", prefetch=5_000):
            if r["stream_id"] != stream:
                if rows:
                    checker.stream(stream, rows)
                stream, rows = r["stream_id"], []
            read += 1
            if keep is not None:
                keep.hashes[r["event_id"].bytes] = r["hash"]
            rows.append(ChainRow.parse(
                f"{schema}.events position {r['position']}", r["body"].encode(), r["prev_hash"], r["hash"],
                stored_version=r["stream_version"], stored_event_id=str(r["event_id"]), stored_stream=r["stream_id"]))
        if rows:
            checker.stream(stream, rows)
    report = checker.finish()
    report.scanned = {"pg": read}
    return report


async def verify_topic(kafka: KafkaAccess, topic: str, seals_topic_name: str, public: Ed25519PublicKey | PublicKeys,
                       cross: CrossIndex | None = None) -> Report:
    """The records of `topic` (every partition from offset 0) against the seals on
    `seals_topic_name`, streamed (and, with `cross`, each matched against the table's hashes)."""
    sealed, findings = check_seals(
        seals_from_records(await read_records(kafka, seals_topic_name), seals_topic_name), public)
    chains, read = TopicChains(sealed.heads, topic), 0
    async for record in iter_records(kafka, topic):
        read += 1
        headers = dict(record.headers or ())
        row = ChainRow.parse(f"{topic} partition {record.partition} offset {record.offset}", record.value,
                             from_hex(headers.get(HEADER_PREV_HASH)), from_hex(headers.get(HEADER_HASH)))
        computed = chains.record(row)
        if cross is not None:
            cross.match(row, computed)
    return Report("kafka", chains.events, chains.streams, sealed.count, sealed.last, chains.unsealed_events,
                  findings=findings + chains.finish(), scanned={"kafka": read})


async def verify_both(pool: asyncpg.Pool, kafka: KafkaAccess, topic: str, seals_topic_name: str,
                      public: Ed25519PublicKey | PublicKeys) -> Report:
    """verify_store and verify_topic, each source read once, and every published event of the
    table against the topic and every record against the table (AUDIT-CROSS); the counts are the table's."""
    snapshot = StoreSnapshot()
    store = await verify_store(pool, public, snapshot)
    index = CrossIndex(snapshot.hashes, snapshot.pending)
    on_topic = await verify_topic(kafka, topic, seals_topic_name, public, index)
    crossed = await cross_findings(pool, index, f"{snapshot.schema}.events", topic)
    return Report("both", store.events, store.streams, store.seals, store.last_seal, store.unsealed_events,
                  index.records, store.findings + on_topic.findings + crossed, store.scanned | on_topic.scanned)


def seals_from_records(records: Iterable[Any], topic: str) -> list[Seal]:
    """Seals in number order, each number once (the sealer may copy a seal twice after a crash)."""
    by_number: dict[int, Seal] = {}
    for record in records:
        seal = Seal(record.value, from_hex(dict(record.headers or ()).get(HEADER_SEAL_SIGNATURE)) or b"",
                    f"{topic} partition {record.partition} offset {record.offset}")
        by_number.setdefault(seal.content.get("seal_number", 0), seal)
    return [by_number[n] for n in sorted(by_number)]


def print_report(report: Report, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    last = report.last_seal
    print(f"{report.source}: {report.events} events in {report.streams} streams, {report.seals} seals"
          f" (last: {last and last['seal_number']} at {last and last['sealed_at']}),"
          f" {report.unsealed_events} events not yet sealed"
          + ("" if report.records is None else f", {report.records} records on the topic cross-checked"))
    for f in report.findings:
        print(f"{f.rule} {f.kind}: stream {f.stream} version {f.version} event {f.event_id} at {f.where}:"
              f" {f.message_en}")
    print("OK: every chain and seal holds" if report.ok else f"FAILED: {len(report.findings)} findings")


async def _main(args: argparse.Namespace) -> int:
    settings = ServiceSettings()  # the services' own settings: same variables, same defaults
    key_file = args.public_key or os.environ.get("THIDUA_SEAL_KEY_FILE")
    if not key_file:
        print("no seal key: give --public-key FILE or set THIDUA_SEAL_KEY_FILE", file=sys.stderr)
        return 2
    public = load_public_keys(Path(key_file))  # every key the service has published (rotation)
    topics = (settings.topic_prefix + events_topic(args.service), settings.topic_prefix + seals_topic(args.service))
    if args.source == "kafka":
        report = await verify_topic(settings.kafka_access(), *topics, public)
    else:
        pool = await create_pool(settings.database_url, args.service + settings.schema_suffix, min_size=1, max_size=1)
        try:
            report = await (verify_store(pool, public) if args.source == "pg"
                            else verify_both(pool, settings.kafka_access(), *topics, public))
        finally:
            await pool.close()
    print_report(report, args.json)
    return 0 if report.ok else 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m thidua_kernel.verify", description=__doc__.split("\n")[0])
    parser.add_argument("--service", required=True, choices=["registry", "progress", "awards", "reporting"])
    parser.add_argument("--source", required=True, choices=["pg", "kafka", "both"])
    parser.add_argument("--public-key",
                        help="the service's published seal keys (<name>.pub.pem; or the private key file)")
    parser.add_argument("--json", action="store_true")
    return asyncio.run(_main(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

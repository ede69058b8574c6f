"""Registry, progress and awards in this process (ASGI, the `edge` a server runs) on the session's
Kafka and PostgreSQL, each as its own database role and Kafka principal; awards learns the facts
only from the topics (its NtmFacts projection), as in production.

The recorded history, set up once per module: Lạng Sơn's units (the reference package), the two
clusters (U2), the 2009 criteria set, xã brought to the standard and recognised (RECOGNISED per
district), the Department of Agriculture SNNPTNT with its subordinate unit CCTL and an official
of it, and their pledges (U6).
"""
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import asyncpg
import pytest_asyncio
from vietnamadminunits.database import query

from contracts.topics import AWARDS_EVENTS
from thidua_deploy.in_process import eventually, new_stack_id, provisioned_kafka, provisioned_urls, running
from thidua_kernel.kafka_access import KafkaAccess

TOKENS = Path(__file__).resolve().parents[4] / "tests" / "tokens.test.json"
BOARD = "demo-province-board"
RECOGNISED = {"185": 3, "180": 2, "184": 1}  # Bắc Sơn 3/17, Tràng Định 2/19, Văn Quan 1/14


def rural_communes(district: str) -> list[str]:
    """Straight from the reference package, not through any service."""
    rows = query("SELECT wardCode FROM admin_units_legacy WHERE provinceCode = '20' AND wardType = 'Xã'"
                 f" AND districtCode = '{district}' ORDER BY wardCode")
    return [r["wardCode"] for r in rows]


async def ok(client, path: str, body: dict, token: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer = await client.post(path, json=body, headers=headers)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


async def wait_until(predicate, deadline_s: float = 60) -> object:
    return await eventually(predicate, deadline_s)


async def record_history(registry, progress, xa: dict[str, list[str]]) -> None:
    await ok(registry, "/commands/import-province-units", {"province_code": "20", "effective_from": "2011-01-01"})
    await ok(registry, "/commands/form-cluster", {"code": "inland", "kind": "cluster", "name": "Cụm nội địa",
                                                 "effective_from": "2012-01-01",
                                                 "member_codes": ["178", "185", "181", "184", "187", "186"]})
    await ok(registry, "/commands/form-cluster", {"code": "border", "kind": "cluster", "name": "Cụm 5 huyện biên giới",
                                                 "effective_from": "2012-01-01",
                                                 "member_codes": ["180", "182", "183", "188", "189"]})
    for code, kind, parent, name in (("SNNPTNT", "department", "20", "Sở Nông nghiệp và Phát triển nông thôn"),
                                     ("CCTL", "subordinate_unit", "SNNPTNT", "Chi cục Thủy lợi"),
                                     ("CB-TL-1", "official", "CCTL", "Nguyễn Văn Toàn")):
        await ok(registry, "/commands/register-participant", {"code": code, "kind": kind, "name": name,
                                                              "parent_code": parent, "effective_from": "2012-01-01"})
    for supporter, supported in (("SNNPTNT", "180"), ("CCTL", xa["180"][0]), ("CCTL", xa["180"][1])):
        await ok(registry, "/commands/pledge-support", {"supporter_code": supporter, "supported_code": supported,
                                                        "effective_from": "2012-03-01"})
    await ok(progress, "/commands/publish-builtin-criteria-set", {"set_id": "2009"})
    first = xa["185"][0]
    await wait_until(lambda: _status(progress.get(f"/communes/{first}/criteria"), 200))
    number = 0
    for district, count in RECOGNISED.items():
        chosen = xa[district][:count]
        await ok(progress, "/commands/assess-district-matrix", {
            "district_code": district, "effective_date": "2014-06-30",
            "cells": [{"commune_code": c, "criterion": n, "met": True} for c in chosen for n in range(1, 20)]})
        for commune in chosen:
            number += 1
            await ok(progress, "/commands/recognise-commune", {"commune_code": commune, "district_code": district,
                                                               "document_number": f"{number}/QĐ-UBND",
                                                               "effective_date": "2014-12-15"})


async def _status(answer, status: int) -> bool:
    return (await answer).status_code == status


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def lang_son(kafka_admin: KafkaAccess, database_url: str, pg_role_passwords: Path) -> AsyncIterator[SimpleNamespace]:
    stack_id = new_stack_id()
    urls = provisioned_urls(database_url, pg_role_passwords, stack_id)
    kafka = provisioned_kafka(kafka_admin, stack_id)
    xa = {d: rural_communes(d) for d in RECOGNISED}
    async with (running("registry", kafka["registry"], urls["registry"], TOKENS, stack_id, BOARD) as (_, registry),
                running("progress", kafka["progress"], urls["progress"], TOKENS, stack_id, BOARD) as (_, progress),
                running("awards", kafka["awards"], urls["awards"], TOKENS, stack_id, BOARD) as (_, awards)):
        await record_history(registry, progress, xa)
        total = sum(RECOGNISED.values())

        async def awards_knows_it() -> bool:
            ranking = (await awards.get("/rankings/districts", params={"as_of": "2015-12-31"})).json()
            return ranking["province"]["recognised"] == total

        await wait_until(awards_knows_it)
        db = await asyncpg.connect(database_url)
        try:
            yield SimpleNamespace(registry=registry, progress=progress, awards=awards, xa=xa, db=db,
                                  events_table=f"awards_{stack_id}.events", wait_until=wait_until,
                                  kafka_admin=kafka_admin, awards_topic=f"t{stack_id}.{AWARDS_EVENTS}")
        finally:
            await db.close()

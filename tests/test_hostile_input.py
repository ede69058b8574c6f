"""Issue 7, hostile input: each case answers a 4xx naming its rule, and writes nothing.

The registry and progress run in this process (ASGI, the same `edge` a server runs) on the
session's Kafka and PostgreSQL; one module-wide setup (Lạng Sơn's units, the 2009 criteria set)
serves every case. "Nothing written": the events and outbox rows of both services are counted
before and after each case.
"""
import asyncio
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import asyncpg
import orjson
import pytest
import pytest_asyncio

from progress.domain.model import GROUP_OF_CRITERION
from thidua_deploy.in_process import eventually, new_stack_id, provisioned_kafka, provisioned_urls, running
from thidua_kernel.kafka_access import KafkaAccess

TOKENS = Path(__file__).resolve().parent / "tokens.test.json"
BOARD = "demo-province-board"
pytestmark = pytest.mark.asyncio(loop_scope="module")

ASSESS = {"commune_code": "06034", "district_code": "180", "criterion": 1, "met": True,
          "effective_date": "2014-06-30"}
UNIT = {"code": "99901", "unit_type": "rural_commune", "name": "Xã Thử", "parent_code": "180",
        "effective_from": "2011-01-01"}
MB = 1024 * 1024


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def services(kafka_admin: KafkaAccess, database_url: str, pg_role_passwords: Path) -> AsyncIterator[SimpleNamespace]:
    stack_id = new_stack_id()
    urls = provisioned_urls(database_url, pg_role_passwords, stack_id)
    kafka = provisioned_kafka(kafka_admin, stack_id)
    async with (running("registry", kafka["registry"], urls["registry"], TOKENS, stack_id, BOARD) as (_, registry),
                running("progress", kafka["progress"], urls["progress"], TOKENS, stack_id, BOARD) as (_, progress)):
        (await registry.post("/commands/import-province-units",
                             json={"province_code": "20", "effective_from": "2011-01-01"})).raise_for_status()
        (await progress.post("/commands/publish-builtin-criteria-set", json={"set_id": "2009"})).raise_for_status()
        await eventually(lambda: _ok(progress.get("/communes/06034/criteria")), 60)
        await eventually(lambda: _ok(registry.get("/units/06034")), 60)
        db = await asyncpg.connect(database_url)
        try:
            yield SimpleNamespace(registry=registry, progress=progress, db=db, stack_id=stack_id)
        finally:
            await db.close()


async def _ok(answer) -> bool:
    return (await answer).status_code == 200


async def written(s: SimpleNamespace) -> tuple[int, ...]:
    counts = []
    for schema in ("registry", "progress"):
        for table in ("events", "outbox"):
            counts.append(await s.db.fetchval(f"SELECT count(*) FROM {schema}_{s.stack_id}.{table}"))
    return tuple(counts)


async def refused(s: SimpleNamespace, service: str, method: str, url: str, expected: tuple[int, str], **kwargs):
    before = await written(s)
    answer = await getattr(s, service).request(method, url, **kwargs)
    body = answer.json()
    assert (answer.status_code, body["error"]["rule"]) == expected, answer.text[:500]
    assert set(body["error"]) == {"rule", "message_vi", "message_en", "figures"}
    assert len(answer.content) < 20_000  # a refusal never echoes large input
    assert await written(s) == before
    return body


BODY_CASES = {
    "reason of 1.1 MB": ({**ASSESS, "reason": "x" * (MB + MB // 10)}, (422, "INPUT-LENGTH")),
    "evidence of 10 kB": ({**ASSESS, "evidence": "x" * 10_000}, (422, "INPUT-LENGTH")),
    "met as 'yes'": ({**ASSESS, "met": "yes"}, (422, "INPUT-TYPE")),
    "criterion as '1'": ({**ASSESS, "criterion": "1"}, (422, "INPUT-TYPE")),
    "criterion as true": ({**ASSESS, "criterion": True}, (422, "INPUT-TYPE")),
    "criterion over 64 bits": ({**ASSESS, "criterion": 2**70}, (422, "INPUT-RANGE")),
    "date in 9999": ({**ASSESS, "effective_date": "9999-12-31"}, (422, "INPUT-RANGE")),
    "date in 1000": ({**ASSESS, "effective_date": "1000-01-01"}, (422, "INPUT-RANGE")),
    "negative indicator value": ({**ASSESS, "indicator_values": {"1.1": -5}}, (422, "INPUT-RANGE")),
    "percentage over 100": ({**ASSESS, "criterion": 2, "met": False, "indicator_values": {"2.2": 140}},
                            (422, "P3")),  # 2.2 is measured in % by the 2009 set
    "NUL in a code": ({**ASSESS, "commune_code": "060\x0034"}, (422, "INPUT")),  # not a code
    "NUL in the reason": ({**ASSESS, "reason": "a\x00b"}, (422, "INPUT-TEXT")),
    "NUL in an indicator key": ({**ASSESS, "indicator_values": {"1\x001": 1}}, (422, "INPUT-TEXT")),
    "non-NFC evidence": ({**ASSESS, "evidence": unicodedata.normalize("NFD", "Biên bản")}, (422, "NFC")),
}
RAW_CASES = {
    "NaN": (b'{"commune_code": "06034", "district_code": "180", "criterion": 2, "met": true,'
            b' "effective_date": "2014-06-30", "indicator_values": {"2.1": NaN}}', (422, "INPUT-RANGE")),
    "1e999": (b'{"commune_code": "06034", "district_code": "180", "criterion": 2, "met": true,'
              b' "effective_date": "2014-06-30", "indicator_values": {"2.1": 1e999}}', (422, "INPUT-RANGE")),
    "Infinity": (b'{"commune_code": "06034", "district_code": "180", "criterion": 2, "met": true,'
                 b' "effective_date": "2014-06-30", "indicator_values": {"2.1": -Infinity}}', (422, "INPUT-RANGE")),
    "a lone surrogate": (b'{"commune_code": "06034", "district_code": "180", "criterion": 1, "met": true,'
                         b' "effective_date": "2014-06-30", "reason": "\\ud800"}', (400, "INPUT-JSON")),
    "malformed JSON": (b'{"commune_code": ', (400, "INPUT-JSON")),
    "invalid UTF-8": (b'{"commune_code": "\xff\xfe"}', (400, "INPUT-JSON")),
}


@pytest.mark.parametrize("case", BODY_CASES)
async def test_a_hostile_assessment_is_refused_naming_its_rule(services, case):
    body, expected = BODY_CASES[case]
    await refused(services, "progress", "POST", "/commands/assess-criterion", expected, json=body)


@pytest.mark.parametrize("case", RAW_CASES)
async def test_a_hostile_raw_body_is_refused_naming_its_rule(services, case):
    body, expected = RAW_CASES[case]
    await refused(services, "progress", "POST", "/commands/assess-criterion", expected, content=body,
                  headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("body, expected", [
    ({**UNIT, "latitude": 1e308}, (422, "INPUT-RANGE")),
    ({**UNIT, "longitude": -181}, (422, "INPUT-RANGE")),
    ({**UNIT, "name": "Xã \x00"}, (422, "INPUT-TEXT")),
    ({**UNIT, "name": "x" * 301}, (422, "INPUT-LENGTH")),
    ({**UNIT, "parent_code": "1" * 500}, (422, "INPUT")),
    ({**UNIT, "effective_from": "0001-01-01"}, (422, "INPUT-RANGE")),
], ids=["latitude 1e308", "longitude -181", "NUL in a name", "long name", "long parent code", "year 1"])
async def test_a_hostile_unit_is_refused_naming_its_rule(services, body, expected):
    await refused(services, "registry", "POST", "/commands/register-unit", expected, json=body)


@pytest.mark.parametrize("body, expected", [
    ({"unit_code": "20", "year": 1_000_000, "ntm_rate": 0.5}, (422, "INPUT-RANGE")),
    ({"unit_code": "20", "year": 2015, "ntm_rate": -0.5}, (422, "P5")),
    ({"unit_code": "20", "year": 2015, "ntm_rate": "0.5"}, (422, "INPUT-TYPE")),
], ids=["year 1000000", "negative rate", "rate as a string"])
async def test_a_hostile_target_is_refused_naming_its_rule(services, body, expected):
    await refused(services, "progress", "POST", "/commands/set-target", expected, json=body)


async def test_an_11_mb_body_is_refused_before_it_is_read(services):
    body = b'{"reason": "' + b"x" * (11 * MB) + b'"}'
    answer = await refused(services, "progress", "POST", "/commands/assess-criterion", (413, "INPUT-SIZE"),
                           content=body, headers={"Content-Type": "application/json"})
    assert answer["error"]["figures"]["content_length"] == len(body)


async def test_a_streamed_body_past_the_limit_is_refused(services):
    async def chunks():
        for _ in range(6):
            yield b"x" * MB

    await refused(services, "progress", "POST", "/commands/assess-criterion", (413, "INPUT-SIZE"),
                  content=chunks(), headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None,
                                          "application/json; charset=latin-1"])
async def test_a_command_in_another_media_type_gets_415(services, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    await refused(services, "progress", "POST", "/commands/assess-criterion", (415, "INPUT-MEDIA"),
                  content=orjson.dumps(ASSESS), headers=headers)


@pytest.mark.parametrize("url, expected", [
    ("/communes/06034/criteria?known_at=0001-01-01T00:00:00", (422, "INPUT-RANGE")),
    ("/communes/06034/criteria?known_at=9999-12-31T23:59:59-12:00", (422, "INPUT-RANGE")),
    ("/communes/06034/criteria?as_of=9999-12-31", (422, "INPUT-RANGE")),
    ("/rates?known_at=0001-01-01T00:00:00%2B14:00", (422, "INPUT-RANGE")),
    ("/communes/lacking?criterion=99999999999999999999999", (422, "INPUT-RANGE")),
    ("/communes/lacking?criterion=true", (422, "INPUT-TYPE")),
    ("/criteria-sets/2009?year=99999999999999999999999", (422, "INPUT-RANGE")),
    ("/communes/06%0034/criteria", (400, "INPUT-TEXT")),
    ("/communes/%ff/criteria", (400, "INPUT-TEXT")),
    ("/communes/%ed%a0%80/criteria", (400, "INPUT-TEXT")),
    ("/communes/lacking?criterion=1&district_code=18%000", (400, "INPUT-TEXT")),
    ("/communes/near-standard?district_code=%ff", (400, "INPUT-TEXT")),
    ("/no-such-route", (404, "ROUTE")),
    ("/communes/" + "0" * 5000 + "/criteria", (414, "INPUT-SIZE")),
])
async def test_hostile_queries_are_refused_naming_their_rule(services, url, expected):
    await refused(services, "progress", "GET", url, expected)


async def test_a_nul_in_an_id_header_is_refused(services):
    await refused(services, "progress", "POST", "/commands/assess-criterion", (400, "INPUT-TEXT"),
                  json=ASSESS, headers={"Idempotency-Key": "a\x00b"})


async def test_like_wildcards_in_a_name_match_themselves(services):
    everything = await services.registry.get("/units", params={"name": "%"})
    assert everything.status_code == 200 and everything.json() == []
    underscore = await services.registry.get("/units", params={"name": "_"})
    assert underscore.status_code == 200 and underscore.json() == []
    assert len((await services.registry.get("/units", params={"name": "chi lang"})).json()) >= 1


async def test_five_concurrent_rebuilds_give_one_202_and_four_409(services):
    answers = await asyncio.gather(*[services.progress.post("/projections/progress_view/rebuild")
                                     for _ in range(5)])
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [202, 409, 409, 409, 409], [a.text[:200] for a in answers]
    assert all(a.json()["error"]["rule"] == "OPS" for a in answers if a.status_code == 409)
    await eventually(lambda: _caught_up(services.progress), 60)


async def _caught_up(client) -> bool:
    answer = await client.get("/projections/progress_view")
    return answer.status_code == 200 and answer.json()["state"] == "caught_up"


async def test_a_command_whose_event_would_not_fit_a_kafka_record_is_refused(services):
    indicator = {"code": "1.1", "name_vi": "x" * 1000, "name_en": "y" * 1000}
    criteria = [{"number": n, "group": GROUP_OF_CRITERION[n], "name_vi": "Quy hoạch", "name_en": "Planning",
                 "indicators": [indicator] * 20} for n in range(1, 20)]
    body = {"set_id": "huge", "decision": "1/QĐ-TTg", "effective_from": "2016-01-01", "criteria": criteria}
    answer = await refused(services, "progress", "POST", "/commands/publish-criteria-set", (413, "INPUT-SIZE"),
                           json=body)
    assert answer["error"]["figures"]["size_bytes"] > answer["error"]["figures"]["limit_bytes"]


async def test_a_query_parameter_the_route_does_not_take_is_refused(services):
    answer = await refused(services, "progress", "GET", "/rates?asof=2015-12-31", (422, "INPUT"))
    assert answer["error"]["figures"]["unknown"] == ["asof"]
    assert (await services.progress.get("/rates?as_of=2015-12-31")).status_code == 200

"""Hostile input to awards (issue 7's rules on issue 8's commands): each case answers a 4xx naming
its rule and writes nothing to awards' event store; no case may reach a 500.

Runs on the module-wide Lạng Sơn history of conftest `lang_son` (registry, progress and awards in
this process on the session's Kafka and PostgreSQL)."""
import unicodedata

import pytest
import pytest_asyncio

pytestmark = pytest.mark.asyncio(loop_scope="module")
MB = 1024 * 1024
FILE = {"justification": "Dẫn đầu phong trào", "figures": {"xa_dat_chuan": 3}}
SUBMIT = {"round_code": "2011-2015", "award_kind": "pm_certificate", "nominee_code": "06034",
          "nominating_unit": "180", "achievement_file": FILE, "submitted_on": "2016-01-15"}
PRIZE = {"round_code": "2011-2015", "award_kind": "provincial_flag_district", "amount_vnd": 50_000_000,
         "document_number": "12/NQ-HĐND"}
REVIEW = {"nomination_id": "2011-2015/pm_certificate/06034", "exemplary": True, "reasons": "Tiêu biểu"}
SCORE = {"year": 2013, "group_code": "inland", "unit_code": "185", "score": 95.5, "movement_score": 20.0}


async def events(s) -> int:
    return await s.db.fetchval(f"SELECT count(*) FROM {s.events_table}")


async def refused(s, name: str, expected: tuple[int, str], body: dict | None = None, raw: bytes | None = None):
    before = await events(s)
    if raw is None:
        answer = await s.awards.post(f"/commands/{name}", json=body)
    else:
        answer = await s.awards.post(f"/commands/{name}", content=raw, headers={"Content-Type": "application/json"})
    assert (answer.status_code, answer.json()["error"]["rule"]) == expected, answer.text[:500]
    assert len(answer.content) < 20_000  # a refusal never echoes large input
    assert await events(s) == before


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def preset_loaded(lang_son):
    answer = await lang_son.awards.post("/commands/load-round-preset", json={"preset": "2011-2015"})
    assert answer.status_code == 201, answer.text
    return lang_son


CASES = {
    "justification of 1.1 MB": ("submit-nomination", {**SUBMIT, "achievement_file": {**FILE, "justification": "x" * (MB + MB // 10)}},
                                (422, "INPUT-LENGTH")),
    "figures as text": ("submit-nomination", {**SUBMIT, "achievement_file": {**FILE, "figures": {"a": "3"}}},
                        (422, "INPUT-TYPE")),
    "51 figures": ("submit-nomination", {**SUBMIT, "achievement_file": {**FILE, "figures": {f"f{i}": i for i in range(51)}}},
                   (422, "INPUT-LENGTH")),
    "NUL in the nominee code": ("submit-nomination", {**SUBMIT, "nominee_code": "060\x0034"}, (422, "INPUT")),
    "non-NFC justification": ("submit-nomination",
                              {**SUBMIT, "achievement_file": {**FILE, "justification": unicodedata.normalize("NFD", "Tiêu biểu")}},
                              (422, "NFC")),
    "submitted in 9999": ("submit-nomination", {**SUBMIT, "submitted_on": "9999-01-01"}, (422, "INPUT-RANGE")),
    "an unknown field": ("submit-nomination", {**SUBMIT, "approved": True}, (422, "INPUT")),
    "exemplary as 'yes'": ("review-nomination", {**REVIEW, "exemplary": "yes"}, (422, "INPUT-TYPE")),
    "exemplary as 1": ("review-nomination", {**REVIEW, "exemplary": 1}, (422, "INPUT-TYPE")),
    "amount as text": ("set-prize", {**PRIZE, "amount_vnd": "50000000"}, (422, "INPUT-TYPE")),
    "amount as a float": ("set-prize", {**PRIZE, "amount_vnd": 5.5}, (422, "INPUT-TYPE")),
    "negative amount": ("set-prize", {**PRIZE, "amount_vnd": -1}, (422, "INPUT-RANGE")),
    "amount beyond 10^15": ("set-prize", {**PRIZE, "amount_vnd": 10**16}, (422, "INPUT-RANGE")),
    "prize without its resolution": ("set-prize", {k: v for k, v in PRIZE.items() if k != "document_number"},
                                     (422, "INPUT")),
    "score as true": ("record-emulation-score", {**SCORE, "score": True}, (422, "INPUT-TYPE")),
    "score of a million and one": ("record-emulation-score", {**SCORE, "score": 1_000_001.0}, (422, "INPUT-RANGE")),
    "a round of 51 kinds": ("define-round", {"code": "x", "award_kinds": [{}] * 51}, (422, "INPUT-LENGTH")),
}
RAW = {
    "NaN figure": (b'{"round_code": "2011-2015", "award_kind": "pm_certificate", "nominee_code": "06034",'
                   b' "nominating_unit": "180", "achievement_file": {"justification": "a", "figures": {"a": NaN}}}',
                   (422, "INPUT-RANGE")),
    "score 1e999": (b'{"year": 2013, "group_code": "inland", "unit_code": "185", "score": 1e999,'
                    b' "movement_score": 1}', (422, "INPUT-RANGE")),
    "malformed JSON": (b'{"round_code": ', (400, "INPUT-JSON")),
}


@pytest.mark.parametrize("case", CASES)
async def test_a_hostile_awards_command_is_refused_naming_its_rule(preset_loaded, case):
    name, body, expected = CASES[case]
    await refused(preset_loaded, name, expected, body=body)


@pytest.mark.parametrize("case", RAW)
async def test_a_hostile_raw_awards_body_is_refused_naming_its_rule(preset_loaded, case):
    raw, expected = RAW[case]
    name = "record-emulation-score" if b'"year"' in raw else "submit-nomination"
    await refused(preset_loaded, name, expected, raw=raw)


@pytest.mark.parametrize("path, params, expected", [
    ("/rounds/2011-2015/dashboard", {"known_at": "yesterday"}, (422, "INPUT-TYPE")),
    ("/rounds/2011-2015/dashboard", {"colour": "red"}, (422, "INPUT")),
    ("/rounds/2011-2015/nominations", {"known_at": "9999-01-01T00:00:00Z"}, (422, "INPUT-RANGE")),
    ("/rounds/no-such-round/dashboard", {}, (404, "A10")),
    ("/rounds/2011-2015/decision.docx", {"number": "x" * 5000}, (414, "INPUT-SIZE")),
    ("/rounds/2011-2015/decision.docx", {"number": "x" * 300}, (400, "INPUT-TEXT")),
])
async def test_hostile_awards_queries_are_refused_naming_their_rule(preset_loaded, path, params, expected):
    answer = await preset_loaded.awards.get(path, params=params)
    assert (answer.status_code, answer.json()["error"]["rule"]) == expected, answer.text[:500]

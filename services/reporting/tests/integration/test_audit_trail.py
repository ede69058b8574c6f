"""Issue 11's audit trail over the real broker and database: registry, progress, awards and
reporting in this process, reporting learning everything from the four topics.

A xã of Bắc Sơn: its district's matrix (all 19 met), criterion 5 assessed again by the district's
officer and then by the province board, each with its document, and its recognition; the xã
nominated by its district for the Prime Minister's certificate, received, reviewed and decided.
The trails of the criterion, the nomination, the unit and a reporting period list exactly those
events (ids from the command answers) in recording order, with actors and documents. No service
records a command on another's event, so the one chain across services is the caller's: the
nomination is submitted with the recognition's correlation id and names it as its cause
(X-Correlation-Id, X-Causation-Id); the other chains are one command's events in one service."""
import uuid

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="function")

BOARD, VIEWER, OFFICER = "demo-province-board", "demo-viewer", "demo-district-185"
DISTRICT, ROUND = "185", "2011-2015"


def as_(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


async def ok(client, name: str, body: dict, token: str = BOARD, **headers: str) -> dict:
    answer = await client.post(f"/commands/{name}", json=body, headers={**as_(token), **headers})
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def only(answer: dict) -> str:
    assert len(answer["events"]) == 1, answer
    return answer["events"][0]["event_id"]


async def test_the_audit_trail_of_a_criterion_a_nomination_a_unit_and_a_period(stack) -> None:
    s = await stack(("registry", BOARD), ("progress", BOARD), ("awards", BOARD), ("reporting", VIEWER))
    registry, progress, awards, api = (s.clients[n] for n in ("registry", "progress", "awards", "reporting"))
    commune, steps = await _history(s, registry, progress, awards)

    async def trail(kind: str, subject: str, token: str = BOARD, **params) -> dict:
        answer = await api.get(f"/audit/{kind}/{subject}", params=params, headers=as_(token))
        assert answer.status_code == 200, answer.text
        return answer.json()

    async def indexed() -> bool:
        answer = await api.get(f"/audit/nomination/{ROUND}/pm_certificate/{commune}", headers=as_(BOARD))
        return answer.status_code == 200 and steps["decided"] in {e["event_id"] for e in answer.json()["events"]}

    await s.wait_until(indexed)
    await s.wait_until(lambda: _period_indexed(api))

    criterion = await trail("criterion", f"{commune}/5")
    assert [e["event_id"] for e in criterion["events"]] == [steps[k] for k in ("matrix", "by_officer", "by_board",
                                                                                "recognised")]
    matrix, by_officer, by_board, recognised = criterion["events"]
    assert [e["type"] for e in criterion["events"]] == ["CriteriaAssessed", "CriterionAssessed", "CriterionAssessed",
                                                        "CommuneRecognised"]
    assert (by_officer["actor"], by_officer["document_number"], by_officer["day"]) == (
        {"principal_id": "ubnd-huyen-bac-son", "role": "district_officer", "scope": DISTRICT,
         "principal_withheld": False}, "46/BC-UBND", "2014-09-01")
    assert (by_board["actor"]["principal_id"], by_board["actor"]["role"], by_board["document_number"]) == (
        "ban-thi-dua-khen-thuong", "province_board", "7/QĐ-UBND")
    assert (matrix["document_number"], recognised["document_number"]) == ("45/BC-UBND", "1/QĐ-UBND")
    assert criterion["total"] == 4 and criterion["next"] is None
    assert all(e["service"] == "progress" for e in criterion["events"])
    # One command's events in one service: the matrix's chain is itself (one xã in the matrix).
    assert [e["event_id"] for e in matrix["chain"]["events"]] == [steps["matrix"]]

    # The chain across services: the nomination was submitted on the recognition (the caller said so).
    chain = recognised["chain"]
    assert [e["event_id"] for e in chain["events"]] == [steps["recognised"], steps["submitted"]]
    assert chain["services"] == ["awards", "progress"] and chain["size"] == 2 and not chain["truncated"]
    assert chain["events"][0]["caused"] == [steps["submitted"]]
    assert chain["events"][1]["caused_by"] == steps["recognised"]

    nomination = await trail("nomination", f"{ROUND}/pm_certificate/{commune}")
    assert [e["event_id"] for e in nomination["events"]] == [steps[k] for k in ("submitted", "received", "reviewed",
                                                                                 "decided")]
    assert [e["type"] for e in nomination["events"]] == ["NominationSubmitted", "NominationReceived",
                                                         "NominationReviewed", "NominationDecided"]
    submitted, _, _, decided = nomination["events"]
    assert submitted["actor"]["principal_id"] == "ubnd-huyen-bac-son" and submitted["caused_by"] == steps["recognised"]
    assert (decided["document_number"], decided["day"], decided["actor"]["role"]) == (
        "99/QĐ-UBND", "2016-04-01", "province_board")
    assert decided["aggregate"] == {"type": "award_round", "id": ROUND} and decided["service"] == "awards"

    # The unit: its registration, every progress event of the xã, and the nomination's steps naming it.
    unit = await trail("unit", commune)
    assert unit["events"][0]["type"] == "UnitRegistered" and unit["events"][0]["service"] == "registry"
    assert [e["event_id"] for e in unit["events"][1:]] == [steps[k] for k in (
        "matrix", "by_officer", "by_board", "recognised", "submitted", "reviewed", "decided")]
    first, rest = await trail("unit", commune, limit=3), []
    after = first["next"]
    while after:
        page = await trail("unit", commune, limit=3, after=after, known_at=first["known_at"])
        rest, after = rest + page["events"], page["next"]
    assert [e["event_id"] for e in first["events"] + rest] == [e["event_id"] for e in unit["events"]]

    # A reporting period: reporting's own events are indexed from its own topic.
    period = await trail("report", "2015-H1")
    assert [e["type"] for e in period["events"]] == ["PeriodOpened"] and period["events"][0]["service"] == "reporting"

    # Known earlier: the board's assessment known, the recognition not yet; the nomination unknown.
    before = await trail("criterion", f"{commune}/5", known_at=steps["by_board_at"])
    assert [e["event_id"] for e in before["events"]] == [steps[k] for k in ("matrix", "by_officer", "by_board")]
    unknown_then = await api.get(f"/audit/nomination/{ROUND}/pm_certificate/{commune}",
                                 params={"known_at": steps["by_board_at"]})
    assert unknown_then.status_code == 404 and unknown_then.json()["error"]["rule"] == "A11"
    # as_of before the board's assessment: dated later, so left out.
    dated = await trail("criterion", f"{commune}/5", as_of="2014-09-15")
    assert [e["event_id"] for e in dated["events"]] == [steps["matrix"], steps["by_officer"]]

    # Personal data: a viewer sees the office that acted, not the official's account.
    seen = (await trail("criterion", f"{commune}/5", token=VIEWER))["events"][1]["actor"]
    assert seen == {"principal_id": None, "role": "district_officer", "scope": DISTRICT, "principal_withheld": True}
    await _refusals(api, commune)


async def _refusals(api, commune: str) -> None:
    for path, status, rule in ((f"/audit/unit/99999", 404, "U1"), (f"/audit/criterion/{commune}/20", 422, "P1"),
                               (f"/audit/criterion/{commune}", 422, "P3"), ("/audit/unit/a b", 422, "U1"),
                               ("/audit/nomination/2011-2015/x", 422, "A11"), ("/audit/person/1", 422, "INPUT"),
                               (f"/audit/unit/{commune}?after=nonsense", 422, "INPUT"),
                               (f"/audit/unit/{commune}?limit=501", 422, "INPUT-RANGE")):
        answer = await api.get(path)
        assert (answer.status_code, answer.json()["error"]["rule"]) == (status, rule), (path, answer.text)
        assert answer.json()["error"]["message_vi"]


async def _period_indexed(api) -> bool:
    return (await api.get("/audit/report/2015-H1")).status_code == 200


async def _history(s, registry, progress, awards) -> tuple[str, dict]:
    await ok(registry, "import-province-units", {"province_code": "20", "effective_from": "2011-01-01"})
    await ok(progress, "publish-builtin-criteria-set", {"set_id": "2009"})
    commune = _first_xa()

    async def known() -> bool:
        return (await progress.get(f"/communes/{commune}/criteria")).status_code == 200

    await s.wait_until(known)
    steps: dict = {}
    steps["matrix"] = only(await ok(progress, "assess-district-matrix", {
        "district_code": DISTRICT, "effective_date": "2014-06-30", "document_number": "45/BC-UBND",
        "cells": [{"commune_code": commune, "criterion": n, "met": True} for n in range(1, 20)]}, OFFICER))
    assessment = {"commune_code": commune, "district_code": DISTRICT, "criterion": 5, "met": True}
    steps["by_officer"] = only(await ok(progress, "assess-criterion", {
        **assessment, "effective_date": "2014-09-01", "evidence": "BB-05/2014", "document_number": "46/BC-UBND"},
        OFFICER))
    board = await ok(progress, "assess-criterion", {**assessment, "effective_date": "2014-10-01",
                                                    "document_number": "7/QĐ-UBND"})
    steps["by_board"], steps["by_board_at"] = only(board), board["recorded_at"]
    correlation = str(uuid.uuid4())
    steps["recognised"] = only(await ok(progress, "recognise-commune", {
        "commune_code": commune, "district_code": DISTRICT, "document_number": "1/QĐ-UBND",
        "effective_date": "2014-12-15"}, **{"X-Correlation-Id": correlation}))

    await ok(awards, "load-round-preset", {"preset": ROUND})

    async def awards_knows_the_recognition() -> bool:
        shortlist = (await awards.get("/shortlists/recognised-communes", params={"as_of": "2015-12-31"})).json()
        return any(c["code"] == commune for d in shortlist["districts"] for c in d["communes"])

    await s.wait_until(awards_knows_the_recognition)
    nomination_id = f"{ROUND}/pm_certificate/{commune}"
    steps["submitted"] = only(await ok(awards, "submit-nomination", {
        "round_code": ROUND, "award_kind": "pm_certificate", "nominee_code": commune, "nominating_unit": DISTRICT,
        "achievement_file": {"justification": "Xã đạt chuẩn đầu tiên của huyện.", "figures": {},
                             "attachments": [{"title": "Báo cáo thành tích", "document_number": "BC-01/2016"}]},
        "submitted_on": "2016-03-01", "document_number": "12/TTr-UBND"}, OFFICER,
        **{"X-Correlation-Id": correlation, "X-Causation-Id": steps["recognised"]}))
    steps["received"] = only(await ok(awards, "receive-nomination", {
        "nomination_id": nomination_id, "received_on": "2016-03-10", "document_number": "3/BTĐKT"}))
    steps["reviewed"] = only(await ok(awards, "review-nomination", {
        "nomination_id": nomination_id, "exemplary": True, "reasons": "Tiêu biểu của huyện.",
        "reviewed_on": "2016-03-20", "document_number": "5/BB-HĐTĐKT"}))
    steps["decided"] = only(await ok(awards, "decide-nomination", {
        "nomination_id": nomination_id, "outcome": "approved", "reasons": "Đủ tiêu chuẩn.",
        "document_number": "99/QĐ-UBND", "decision_date": "2016-04-01"}))
    await ok(s.clients["reporting"], "open-period", {"kind": "half_year", "year": 2015, "half": 1,
                                                     "due_on": "2015-07-15", "grace_days": 5,
                                                     "opened_on": "2015-01-05"})
    return commune, steps


def _first_xa() -> str:
    from vietnamadminunits.database import query

    rows = query("SELECT wardCode FROM admin_units_legacy WHERE provinceCode = '20' AND wardType = 'Xã'"
                 f" AND districtCode = '{DISTRICT}' ORDER BY wardCode")
    return rows[0]["wardCode"]

"""Histories recorded through the services' HTTP APIs in this process (clients of `in_process.running`),
shared by the tests that trace or report on them: a xã recognised then revoked (P4), a round of
awards run to a conferral (A8-A11), and the board's own records of reporting (R1, R6, R7). Each
returns what the tests check against (the commands' answers: event ids, recorded_at)."""
from typing import Any

import httpx

from .in_process import eventually

BOARD = {"Authorization": "Bearer demo-province-board"}
# Two departments of Lạng Sơn: SNNPTNT nominated in the round, SNV the addressee of a proposal (R7).
DEPARTMENTS = (("SNNPTNT", "department", "Sở Nông nghiệp và Phát triển nông thôn"), ("SNV", "department", "Sở Nội vụ"))
ROUND = {"code": "tk-2011-2015", "title_vi": "Tổng kết 2011–2015", "title_en": "Summary 2011–2015",
         "kind": "summary", "period_from": 2011, "period_to": 2015, "reference_date": "2015-12-31",
         "nominations_open": "2016-01-01", "nominations_due": "2016-03-31", "province_code": "20",
         "award_kinds": [
             {"code": "bk-huyen", "name_vi": "Bằng khen huyện", "name_en": "District certificate", "level": "provincial",
              "nominee_kinds": ["district"], "nominated_by": ["province"]},
             {"code": "bk-so", "name_vi": "Bằng khen sở", "name_en": "Department certificate", "level": "provincial",
              "nominee_kinds": ["department"], "nominated_by": ["department"]}]}
FILE = {"justification": "Dẫn đầu phong trào xây dựng nông thôn mới"}


async def ok(client: httpx.AsyncClient, name: str, body: dict[str, Any]) -> dict[str, Any]:
    """`POST /commands/<name>` as the province board; the answer of an accepted command."""
    answer = await client.post(f"/commands/{name}", json=body, headers=BOARD)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def event_of(answer: dict[str, Any]) -> dict[str, Any]:
    """The one event a command appended: its id and when it was recorded."""
    events = answer["events"]
    assert len(events) == 1, answer
    return {"event_id": events[0]["event_id"], "recorded_at": answer["recorded_at"]}


async def first_xa(progress: httpx.AsyncClient, district: str) -> str:
    """The district's first xã by code in the reference package, once progress knows it."""
    from vietnamadminunits.database import query

    rows = query("SELECT wardCode FROM admin_units_legacy WHERE provinceCode = '20' AND wardType = 'Xã'"
                 f" AND districtCode = '{district}' ORDER BY wardCode")
    code = rows[0]["wardCode"]

    async def known() -> bool:
        return (await progress.get(f"/communes/{code}/criteria")).status_code == 200

    await eventually(known)
    return code


async def recognised_then_revoked(registry: httpx.AsyncClient, progress: httpx.AsyncClient,
                                  district: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Lạng Sơn's units; one xã of `district` meets all 19 criteria (2014-06-30), is recognised
    (2014-12-15, 1/QĐ-UBND) and revoked (2015-06-01, 9/QĐ-UBND): (the xã, recognition, revocation)."""
    await ok(registry, "import-province-units", {"province_code": "20", "effective_from": "2011-01-01"})
    await ok(progress, "publish-builtin-criteria-set", {"set_id": "2009"})
    commune = await first_xa(progress, district)
    await ok(progress, "assess-district-matrix", {
        "district_code": district, "effective_date": "2014-06-30",
        "cells": [{"commune_code": commune, "criterion": n, "met": True} for n in range(1, 20)]})
    body = {"commune_code": commune, "district_code": district, "document_number": "1/QĐ-UBND",
            "effective_date": "2014-12-15"}
    recognised = await ok(progress, "recognise-commune", body)
    revoked = await ok(progress, "revoke-recognition", {**body, "document_number": "9/QĐ-UBND",
                                                         "effective_date": "2015-06-01"})
    return commune, event_of(recognised), event_of(revoked)


async def register_departments(registry: httpx.AsyncClient) -> None:
    for code, kind, name in DEPARTMENTS:
        await ok(registry, "register-participant", {"code": code, "kind": kind, "name": name, "parent_code": "20",
                                                    "effective_from": "2012-01-01"})


async def summary_round(awards: httpx.AsyncClient) -> dict[str, list[dict[str, Any]]]:
    """A8-A11 through the awards API: SNNPTNT approved and conferred, 180 withdrawn. Each
    nomination's events in order (the round's definition under "round"); the answers under "answers"."""
    defined = await ok(awards, "define-round", ROUND)
    nominated = {"round_code": ROUND["code"], "achievement_file": FILE, "submitted_on": "2016-01-15"}
    so = await ok(awards, "submit-nomination", {**nominated, "award_kind": "bk-so", "nominee_code": "SNNPTNT",
                                                "nominating_unit": "SNNPTNT"})
    huyen = await ok(awards, "submit-nomination", {**nominated, "award_kind": "bk-huyen", "nominee_code": "180",
                                                   "nominating_unit": "20"})
    withdrawn = await ok(awards, "withdraw-nomination", {"nomination_id": huyen["nomination_id"], "reason": "Bổ sung",
                                                         "withdrawn_on": "2016-02-01"})
    steps = [so]
    for name, body in (("receive-nomination", {"received_on": "2016-01-20"}),
                       ("review-nomination", {"exemplary": True, "reasons": "Tiêu biểu", "reviewed_on": "2016-02-10"}),
                       ("decide-nomination", {"outcome": "approved", "reasons": "Đủ tiêu chuẩn",
                                              "document_number": "15/QĐ-UBND", "decision_date": "2016-04-01"}),
                       ("confer-award", {"conferred_on": "2016-05-19", "certificate_number": "BK-7"})):
        steps.append(await ok(awards, name, {"nomination_id": so["nomination_id"], **body}))
    return {"round": [event_of(defined)], so["nomination_id"]: [event_of(a) for a in steps],
            huyen["nomination_id"]: [event_of(huyen), event_of(withdrawn)], "answers": steps}


async def board_records(reporting: httpx.AsyncClient) -> dict[str, Any]:
    """R1, R6, R7 through reporting's API: the 2015-H2 period (180 on time, 185 late, the rest
    missing), an inspection of 180 whose action falls overdue on 2016-04-30, a proposal of 180.
    The events of each (by name) and `before_late`, the moment before 185's late draft was recorded."""
    recorded: dict[str, Any] = {"opened": event_of(await ok(reporting, "open-period", {
        "kind": "half_year", "year": 2015, "half": 2, "due_on": "2016-01-15", "grace_days": 5,
        "opened_on": "2015-07-02"}))}
    for unit, day in (("180", "2016-01-10"), ("185", "2016-02-01")):
        drafted = await ok(reporting, "save-draft", {"period_code": "2015-H2", "unit_code": unit, "narrative": "Báo cáo",
                                                     "figures": {"communes_assessed": 5}, "drafted_on": day})
        submitted = await ok(reporting, "submit-report", {"period_code": "2015-H2", "unit_code": unit,
                                                          "submitted_on": day})
        recorded[unit] = [event_of(drafted), event_of(submitted)]
        if unit == "185":
            recorded["before_late"] = drafted["recorded_at"]
    recorded["inspection"] = event_of(await ok(reporting, "record-inspection", {
        "code": "KT-2016-01", "team": ["Nguyễn Văn An"], "unit_code": "180", "visited_on": "2016-03-10",
        "findings": "Chưa công khai quy hoạch", "actions": [{"code": "A1", "description": "Công khai quy hoạch",
                                                               "due_on": "2016-04-30"}]}))
    recorded["proposal"] = event_of(await ok(reporting, "record-proposal", {
        "code": "KN-2016-01", "proposer_code": "180", "addressed_to": ["SNV"],
        "subject": "Lùi thời hạn tiêu chí môi trường", "content": "Đề nghị lùi", "proposed_on": "2016-02-01"}))
    return recorded

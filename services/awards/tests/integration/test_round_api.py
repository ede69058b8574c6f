"""A round defined through the HTTP API alone, its nominations run through the A11 workflow over
the real broker and database: each step out of order refused, scopes, an idempotent retry, facts
changing between submission and decision, and every view reproduced at its `known_at`.

The tests run in order on one module-wide history (conftest `lang_son`): the council's finding
that Bắc Sơn is exemplary (the flag's review) is what A6 reads for its communes later on."""
import asyncio
import io
import subprocess
from urllib.parse import unquote

import openpyxl
import pytest
from docx import Document
from finance_consumer.consumer import follow

from thidua_deploy.schemas import SCHEMAS

pytestmark = pytest.mark.asyncio(loop_scope="module")

DISTRICT_180, DISTRICT_185, DEPARTMENT, VIEWER = (
    "demo-district-180", "demo-district-185", "demo-department-snn", "demo-viewer")
ROUND = {
    "code": "tong-ket-thu", "title_vi": "Tổng kết thử", "title_en": "A trial summary round", "kind": "summary",
    "period_from": 2011, "period_to": 2015, "reference_date": "2015-12-31", "nominations_open": "2016-01-01",
    "nominations_due": "2016-03-31", "province_code": "20",
    "award_kinds": [
        {"code": "co-huyen", "name_vi": "Cờ thi đua", "name_en": "Emulation flag", "level": "central",
         "nominee_kinds": ["district"], "nominated_by": ["province"],
         "checks": [{"rule": "A2", "check": "highest_ntm_rate"}, {"rule": "A2", "check": "council_exemplary"}],
         "prize": {"amount_vnd": 10_000_000_000, "description_vi": "Công trình phúc lợi 10 tỷ đồng"}},
        {"code": "bk-xa", "name_vi": "Bằng khen xã", "name_en": "Commune certificate", "level": "provincial",
         "nominee_kinds": ["rural_commune"], "nominated_by": ["district"],
         "checks": [{"rule": "A6", "check": "recognised"}, {"rule": "A6", "check": "in_exemplary_district"}],
         "prize": {"set_later": True}},
        {"code": "bk-ca-nhan", "name_vi": "Bằng khen cá nhân", "name_en": "Individual certificate",
         "level": "provincial", "nominee_kinds": ["official"], "nominated_by": ["department"],
         "checks": [{"rule": "A7", "check": "individual_standard"}]},
    ],
    "quotas": [{"rule": "A9(e)", "award_kinds": ["bk-xa"], "group": "nominee_district", "share_of_communes_pct": 20,
                "description_vi": "Tối đa 20% số xã của huyện", "description_en": "At most 20% of a district's xã"}],
}
FILE = {"justification": "Dẫn đầu phong trào xây dựng nông thôn mới", "figures": {"xa_dat_chuan": 3},
        "attachments": [{"title": "Báo cáo thành tích", "document_number": "45/BC-UBND", "document_date": "2016-01-10"}]}


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


async def command(s, name: str, body: dict, token: str | None = None, key: str | None = None):
    headers = {**(auth(token) if token else {}), **({"Idempotency-Key": key} if key else {})}
    return await s.awards.post(f"/commands/{name}", json=body, headers=headers)


async def accepted(s, name: str, body: dict, token: str | None = None, key: str | None = None) -> dict:
    answer = await command(s, name, body, token, key)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def refusal(s, name: str, body: dict, token: str | None = None) -> tuple[int, str]:
    answer = await command(s, name, body, token)
    return answer.status_code, answer.json()["error"]["rule"]


async def nominated(s, kind: str, nominee: str, unit: str, token: str | None = None, **extra) -> dict:
    body = {"round_code": "tong-ket-thu", "award_kind": kind, "nominee_code": nominee, "nominating_unit": unit,
            "achievement_file": FILE, "submitted_on": "2016-01-15", **extra}
    return body


async def get(s, path: str, token: str | None = None, **params) -> dict | list:
    answer = await s.awards.get(path, params=params, headers=auth(token) if token else {})
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_a_round_defined_through_the_api_alone(lang_son):
    s = lang_son
    first = await accepted(s, "define-round", ROUND)
    assert first["version"] == 1 and first["unchanged"] is False and first["recorded_at"]
    assert (await accepted(s, "define-round", ROUND))["unchanged"] is True
    assert await refusal(s, "define-round", {**ROUND, "award_kinds": ROUND["award_kinds"] * 2}) == (422, "A10")
    assert await refusal(s, "define-round", ROUND, DISTRICT_180) == (403, "AUTH-ROLE")
    assert await refusal(s, "define-round", ROUND, VIEWER) == (403, "AUTH-ROLE")
    [listed] = await get(s, "/rounds")
    assert listed["code"] == "tong-ket-thu" and listed["version"] == 1
    detail = await get(s, "/rounds/tong-ket-thu")
    assert detail["definition"]["award_kinds"][0]["prize"]["amount_vnd"] == 10_000_000_000
    assert (await s.awards.get("/rounds/khong-co")).status_code == 404
    prize = await accepted(s, "set-prize", {"round_code": "tong-ket-thu", "award_kind": "bk-xa",
                                            "amount_vnd": 5_000_000, "document_number": "15/NQ-HĐND"})
    assert prize["resolution"] == "15/NQ-HĐND"


async def test_the_a11_workflow_end_to_end_each_step_out_of_order_refused(lang_son):
    s = lang_son
    flag = await accepted(s, "submit-nomination", await nominated(s, "co-huyen", "185", "20"))
    nid = flag["nomination_id"]
    assert nid == "tong-ket-thu/co-huyen/185"
    assert [(v["rule"], v["outcome"]) for v in flag["verdicts"]] == [("A2", "pass"), ("A2", "pending")]
    step = {"nomination_id": nid}
    assert await refusal(s, "review-nomination", {**step, "exemplary": True, "reasons": "x"}) == (422, "A11")
    assert await refusal(s, "decide-nomination", {**step, "outcome": "approved", "reasons": "x",
                                                  "document_number": "1/QĐ", "decision_date": "2016-02-01"}) == (
        422, "A11")
    await accepted(s, "receive-nomination", {**step, "received_on": "2016-01-20"})
    assert await refusal(s, "receive-nomination", {**step, "received_on": "2016-01-21"}) == (422, "A11")
    assert await refusal(s, "confer-award", {**step, "conferred_on": "2016-01-22"}) == (422, "A11")
    await accepted(s, "review-nomination", {**step, "exemplary": True, "reasons": "Huyện dẫn đầu, tiêu biểu",
                                            "reviewed_on": "2016-01-25"})
    decided = await accepted(s, "decide-nomination", {**step, "outcome": "approved", "reasons": "Đủ tiêu chuẩn",
                                                      "document_number": "300/QĐ-UBND", "decision_date": "2016-02-01"})
    assert decided["status"] == "approved" and {v["outcome"] for v in decided["verdicts"]} == {"pass"}
    assert await refusal(s, "withdraw-nomination", {**step, "reason": "Rút"}) == (422, "A11")
    await accepted(s, "confer-award", {**step, "conferred_on": "2016-02-10", "certificate_number": "CTĐ-01"})
    assert await refusal(s, "confer-award", {**step, "conferred_on": "2016-02-11"}) == (422, "A11")
    shown = await get(s, "/rounds/tong-ket-thu/nominations/co-huyen/185")
    assert shown["status"] == "conferred" and shown["exemplary"] is True and not shown["flagged"]
    assert [h["event_type"] for h in shown["history"]] == [
        "NominationSubmitted", "NominationReceived", "NominationReviewed", "NominationDecided", "AwardConferred"]
    assert shown["history"][3]["document_number"] == "300/QĐ-UBND"
    assert shown["history"][0]["actor"] == {"principal_id": "ban-thi-dua-khen-thuong", "role": "province_board",
                                          "scope": "20", "principal_withheld": False}
    withheld = (await get(s, "/rounds/tong-ket-thu/nominations/co-huyen/185", "demo-viewer"))["history"][0]["actor"]
    assert withheld == {"principal_id": None, "role": "province_board", "scope": "20", "principal_withheld": True}


async def test_scopes_of_district_and_department_officers(lang_son):
    s = lang_son
    other_district = s.xa["185"][0]
    # A district officer nominating another district's commune: as that district, or as its own.
    assert await refusal(s, "submit-nomination", await nominated(s, "bk-xa", other_district, "185"),
                         DISTRICT_180) == (403, "AUTH-SCOPE")
    assert await refusal(s, "submit-nomination", await nominated(s, "bk-xa", other_district, "180"),
                         DISTRICT_180) == (403, "AUTH-SCOPE")
    # The department officer nominates its subordinate unit's official; the name is personal data.
    staff = await accepted(s, "submit-nomination", await nominated(s, "bk-ca-nhan", "CB-TL-1", "SNNPTNT"), DEPARTMENT)
    assert staff["status"] == "submitted"
    assert await refusal(s, "receive-nomination", {"nomination_id": staff["nomination_id"]}, DEPARTMENT) == (
        403, "AUTH-ROLE")
    for token, withheld in ((None, False), (DEPARTMENT, False), (VIEWER, True), (DISTRICT_180, True)):
        [row] = await get(s, "/rounds/tong-ket-thu/nominations", token, award_kind="bk-ca-nhan")
        assert row["nominee"]["personal_data_withheld"] is withheld
        assert ("Nguyễn Văn Toàn" in str(row)) is not withheld


async def test_a_retried_submission_answers_the_same_and_records_one_event(lang_son):
    s = lang_son
    body = await nominated(s, "bk-xa", s.xa["185"][1], "185")
    count = f"SELECT count(*) FROM {s.events_table} WHERE event_type = 'NominationSubmitted'"
    before = await s.db.fetchval(count)
    first = await accepted(s, "submit-nomination", body, DISTRICT_185, key="nop-lan-1")
    again = await accepted(s, "submit-nomination", body, DISTRICT_185, key="nop-lan-1")
    assert again == first and await s.db.fetchval(count) == before + 1
    assert (await command(s, "submit-nomination", body, DISTRICT_185)).status_code == 422  # without the key: A11


async def test_a_recognition_revoked_before_the_decision_flags_the_nomination_and_refuses_approval(lang_son):
    s = lang_son
    commune = s.xa["185"][2]
    submitted = await accepted(s, "submit-nomination", await nominated(s, "bk-xa", commune, "185"), DISTRICT_185)
    # Bắc Sơn was found exemplary (the flag's review): A6's district check passes.
    assert {(v["check"], v["outcome"]) for v in submitted["verdicts"]} >= {
        ("recognised", "pass"), ("in_exemplary_district", "pass")}
    nid = submitted["nomination_id"]
    await accepted(s, "receive-nomination", {"nomination_id": nid, "received_on": "2016-01-20"})
    reviewed = await accepted(s, "review-nomination", {"nomination_id": nid, "exemplary": True,
                                                       "reasons": "Tiêu biểu", "reviewed_on": "2016-01-25"})
    then = reviewed["recorded_at"]
    said_then = await get(s, "/rounds/tong-ket-thu/nominations", known_at=then, award_kind="bk-xa")
    dashboard_then = await get(s, "/rounds/tong-ket-thu/dashboard", known_at=then)
    # The provincial committee revokes the commune's recognition on 2016-02-01 (after the reference date).
    revoked = await s.progress.post("/commands/revoke-recognition", json={
        "commune_code": commune, "district_code": "185", "document_number": "50/QĐ-UBND",
        "effective_date": "2016-02-01"})
    assert revoked.status_code == 201, revoked.text

    async def revoked_known() -> bool:
        shortlist = await get(s, "/shortlists/recognised-communes", as_of="2016-02-15")
        return commune not in {c["code"] for d in shortlist["districts"] for c in d["communes"]}

    await s.wait_until(revoked_known)
    decision = {"nomination_id": nid, "outcome": "approved", "reasons": "Đủ tiêu chuẩn",
                "document_number": "301/QĐ-UBND", "decision_date": "2016-02-15"}
    answer = await command(s, "decide-nomination", decision)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["rule"] == "A6" and "Approval refused" in error["message_en"]
    row = next(n for n in await get(s, "/rounds/tong-ket-thu/nominations", as_of="2016-02-15", award_kind="bk-xa")
               if n["nomination_id"] == nid)
    assert row["flagged"] and row["status"] == "reviewed" and [f["rule"] for f in row["flags"]] == ["A6"]
    dashboard = await get(s, "/rounds/tong-ket-thu/dashboard", as_of="2016-02-15")
    assert next(k for k in dashboard["kinds"] if k["code"] == "bk-xa")["counts"]["flagged"] == 1
    # As known when the council reviewed it, the views say what they said then.
    assert await get(s, "/rounds/tong-ket-thu/nominations", known_at=then, award_kind="bk-xa") == said_then
    assert await get(s, "/rounds/tong-ket-thu/dashboard", known_at=then) == dashboard_then
    assert not next(n for n in said_then if n["nomination_id"] == nid)["flagged"]
    rejected = await accepted(s, "decide-nomination", {**decision, "outcome": "rejected",
                                                       "reasons": "Bị thu hồi công nhận"})
    assert rejected["status"] == "rejected"


async def test_rankings_per_cluster_and_the_shortlist(lang_son):
    s = lang_son
    ranking = await get(s, "/rankings/districts", as_of="2015-12-31")
    inland = next(c for c in ranking["clusters"] if c["code"] == "inland")
    assert [(m["code"], m["rank_in_cluster"]) for m in inland["members"]][:2] == [("185", 1), ("184", 2)]
    assert ranking["tie_rule"]["rule"] == "P5" and "1, 2, 2, 4" in ranking["tie_rule"]["message_en"]
    shortlist = await get(s, "/shortlists/recognised-communes", as_of="2015-12-31")
    by_district = {d["code"]: [c["code"] for c in d["communes"]] for d in shortlist["districts"]}
    assert by_district["185"] == s.xa["185"][:3] and by_district["180"] == s.xa["180"][:2]


async def test_documents_are_downloadable_and_say_what_the_round_decided(lang_son):
    s = lang_son
    base = "/rounds/tong-ket-thu"
    docx = await s.awards.get(f"{base}/decision.docx", params={"number": "300/QĐ-UBND", "signer": "Vy Văn Thành"})
    assert docx.status_code == 200, docx.text
    assert docx.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    disposition = docx.headers["content-disposition"]
    assert disposition.startswith("attachment; filename=") and "filename*=UTF-8''" in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Quyết định 300-QĐ-UBND.docx"
    document = Document(io.BytesIO(docx.content))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for row in t.rows for c in row.cells])
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "300/QĐ-UBND", "Huyện Bắc Sơn", "Cờ thi đua",
                     "10.000.000.000", "Vy Văn Thành", "Tổng kết thử"):
        assert expected in text, expected
    again = await s.awards.get(f"{base}/decision.docx", params={"number": "300/QĐ-UBND", "signer": "Vy Văn Thành"})
    assert again.content == docx.content  # the same round, the same bytes
    missing = await s.awards.get(f"{base}/decision.docx", params={"number": "999/QĐ-UBND"})
    assert (missing.status_code, missing.json()["error"]["rule"]) == (404, "A11")

    xlsx = await s.awards.get(f"{base}/decision.xlsx", params={"number": "300/QĐ-UBND"})
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Huyện Bắc Sơn" in cells and 10_000_000_000 in cells

    pdf = await s.awards.get(f"{base}/nominations/co-huyen/185/certificate.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
    assert "Huyện Bắc Sơn" in text and "300/QĐ-UBND" in text
    not_yet = await s.awards.get(f"{base}/nominations/bk-ca-nhan/CB-TL-1/certificate.pdf")
    assert (not_yet.status_code, not_yet.json()["error"]["rule"]) == (422, "A11")

    national = await get(s, f"{base}/national-nomination")
    assert national["decision"] == "1620/QĐ-TTg" and national["district"]["code"] == "185"
    assert (national["district"]["xa"], national["district"]["recognised"]) == (len(s.xa["185"]), 3)
    sheet = await s.awards.get(f"{base}/national-nomination.xlsx")
    assert sheet.status_code == 200 and "Bắc Sơn" in str(
        [c for ws in openpyxl.load_workbook(io.BytesIO(sheet.content)).worksheets
         for row in ws.iter_rows(values_only=True) for c in row])


async def test_the_department_of_finance_lists_the_prize_of_each_approved_nomination(lang_son, tmp_path):
    """The example consumer (examples/finance_consumer), which knows only the published schemas,
    follows the awards topic of this stack (service → event store → outbox relay → Kafka, SASL)
    and writes one payment line per approved nomination, at its award kind's prize."""
    s = lang_son
    detail = await get(s, "/rounds/tong-ket-thu")
    prizes = {k["code"]: k["prize"].get("amount_vnd") for k in detail["definition"]["award_kinds"]}
    prizes |= {kind: prize["amount_vnd"] for kind, prize in detail["prizes"].items()}
    approved = [n for n in await get(s, "/rounds/tong-ket-thu/nominations") if n["status"] in ("approved", "conferred")
                and prizes.get(n["award_kind"]) is not None]
    assert approved, "the module's history approves a nomination with a prize"
    want = sorted(f"{n['nomination_id']};tong-ket-thu;{n['award_kind']};{n['nomination_id'].split('/', 2)[2]};"
                  f"{prizes[n['award_kind']]}" for n in approved)
    out, stop = io.StringIO(), asyncio.Event()
    follower = asyncio.create_task(follow(s.kafka_admin.aiokafka(), s.awards_topic, "department-of-finance",
                                          SCHEMAS, str(tmp_path / "ledger.db"), out, stop))

    async def all_paid() -> list[str] | None:
        assert not follower.done() or follower.exception() is None, follower.exception()
        lines = sorted(";".join(line.split(";")[:5]) for line in out.getvalue().splitlines())
        return lines if len(lines) >= len(want) else None

    try:
        assert await s.wait_until(all_paid, 60) == want
    finally:
        stop.set()
        await asyncio.wait_for(follower, 30)

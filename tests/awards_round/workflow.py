"""A11 after submission: withdrawal, receipt, the council's findings, decisions, conferral; and a
recognition revoked between submission and decision (the nomination flagged, approval refused)."""
from typing import Any

import httpx

from thidua_deploy.isolated import wait_until

from .history import History, ok, refusal
from .round_api import ROUND, Awards, department_token, district_token

CENTRAL = {"government_flag", "pm_certificate"}
DECISION = {"central": "120/QĐ-UBND", "provincial": "121/QĐ-UBND"}


def decision_number(kind: str) -> str:
    return DECISION["central" if kind in CENTRAL else "provincial"]


def withdraw_and_resubmit(a: Awards) -> None:
    """A withdrawn nomination frees its place in the quota (A9(e): 5 individuals of Bắc Sơn)."""
    t = district_token("185")
    a.step("withdraw-nomination", "provincial_certificate_individual", "CN-BS-5", t,
           reason="Đơn vị rút hồ sơ để bổ sung", withdrawn_on=a.dates.submitted.isoformat())
    a.ledger.set("provincial_certificate_individual", "CN-BS-5", "withdrawn")
    a.nominate(t, "provincial_certificate_individual", "CN-BS-6", "185")


def revoke(progress: httpx.Client, a: Awards, commune: str, district: str) -> dict[str, Any]:
    """P4: the recognition revoked after the submission: the nomination is flagged, with the rule."""
    ok(progress.post("/commands/revoke-recognition", json={
        "commune_code": commune, "district_code": district, "document_number": "45/QĐ-UBND",
        "effective_date": a.dates.revoked.isoformat(), "reason": "Kết luận thanh tra: tiêu chí 17 không còn đạt"}))
    return wait_until(lambda: (n := a.nomination("provincial_flag_commune", commune))["flagged"] and n, 60)


def receive_and_review(a: Awards, not_exemplary: set[str]) -> None:
    for nid, status in a.ledger.status.items():
        if status != "submitted":
            continue
        _, kind, nominee = nid.split("/")
        a.step("receive-nomination", kind, nominee, received_on=a.dates.received.isoformat())
        exemplary = nominee not in not_exemplary
        a.step("review-nomination", kind, nominee, exemplary=exemplary,
               reasons="Tiêu biểu xuất sắc trong phong trào" if exemplary else "Chưa tiêu biểu: kết quả chưa bền vững",
               reviewed_on=a.dates.reviewed.isoformat())
        a.ledger.set(kind, nominee, "under_review")


def decide(a: Awards, kind: str, nominee: str, outcome: str) -> httpx.Response:
    return a.command("decide-nomination", {
        "nomination_id": f"{ROUND}/{kind}/{nominee}", "outcome": outcome,
        "reasons": "Đủ tiêu chuẩn, trong số lượng" if outcome == "approved" else "Không đủ tiêu chuẩn khi quyết định",
        "document_number": decision_number(kind), "decision_date": a.dates.decided.isoformat()})


def decide_all(a: Awards, refused_approval: dict[tuple[str, str], str]) -> None:
    """Approve every nomination reviewed, except those whose approval the rules refuse: those are
    refused naming the rule (expected here), then rejected by the board, as A11 lets it."""
    for nid, status in list(a.ledger.status.items()):
        if status != "under_review":
            continue
        _, kind, nominee = nid.split("/")
        rule = refused_approval.get((kind, nominee))
        if rule is None:
            ok(decide(a, kind, nominee, "approved"))
            a.ledger.set(kind, nominee, "approved")
            continue
        code, error = refusal(decide(a, kind, nominee, "approved"))
        assert (code, error["rule"]) == (422, rule), (nid, error)
        answer = ok(decide(a, kind, nominee, "rejected"))
        assert answer, answer
        a.ledger.set(kind, nominee, "rejected")


def confer_all(a: Awards) -> None:
    for n, (nid, status) in enumerate(sorted(a.ledger.status.items()), start=1):
        if status != "approved":
            continue
        _, kind, nominee = nid.split("/")
        a.step("confer-award", kind, nominee, conferred_on=a.dates.conferred.isoformat(),
               certificate_number=f"BK-{n:03d}")
        a.ledger.set(kind, nominee, "conferred")


def not_exemplary_and_refusals(h: History) -> tuple[set[str], dict[tuple[str, str], str]]:
    """The council finds Văn Quan not exemplary: its certificate and its commune's flag (A6) are
    refused at approval; Cao Lộc's flag commune lost its recognition (A6, recognised)."""
    return {"184"}, {
        ("provincial_certificate_district", "184"): "A5",  # the preset's rule of its council_exemplary check
        ("provincial_flag_commune", h.recognised("184")[0]): "A6",
        ("provincial_flag_commune", h.recognised("183")[1]): "A6",
    }


def own_certificates(a: Awards, h: History) -> None:
    """A9(f): a department's and a district chair's certificates, decided by the nominating unit
    itself; the board is not asked, and another unit's officer may not decide them."""
    bac_son = h.recognised("185")[5]  # the xã refused the provincial certificate by the 20% cap
    for kind, nominee, unit, token, number in (
            ("department_certificate", "TTKN", "SNNPTNT", department_token("SNNPTNT"), "15/QĐ-SNNPTNT"),
            ("district_certificate", bac_son, "185", district_token("185"), "88/QĐ-UBND")):
        a.nominate(token, kind, nominee, unit)
        a.step("receive-nomination", kind, nominee, token, received_on=a.dates.received.isoformat())
        a.step("review-nomination", kind, nominee, token, exemplary=True, reasons="Có thành tích xuất sắc",
               reviewed_on=a.dates.reviewed.isoformat())
        other = district_token("183")
        code, error = refusal(a.command("decide-nomination", {
            "nomination_id": f"{ROUND}/{kind}/{nominee}", "outcome": "approved", "reasons": "Đủ tiêu chuẩn",
            "document_number": number, "decision_date": a.dates.decided.isoformat()}, other))
        assert (code, error["rule"]) == (403, "AUTH-SCOPE"), error
        a.step("decide-nomination", kind, nominee, token, outcome="approved", reasons="Đủ tiêu chuẩn",
               document_number=number, decision_date=a.dates.decided.isoformat())
        a.step("confer-award", kind, nominee, token, conferred_on=a.dates.conferred.isoformat())
        a.ledger.set(kind, nominee, "conferred")

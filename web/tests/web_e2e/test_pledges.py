"""Departments' pledges and plans, and withdrawing a nomination, in headless Chromium against the
real stack: a department officer records its organisation's support pledge (a double click records
once: one event on the registry's topic) and submits its plan, sees both listed, is refused another
organisation's pledge with AUTH-SCOPE; the board reads every organisation's; a district officer
withdraws its own nomination and the awards API shows it withdrawn; axe finds no violation."""
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from contracts.topics import REGISTRY_EVENTS
from thidua_deploy.accounts import create_account, read_password
from thidua_deploy.isolated import Stack, read_topic, wait_until

from .conftest import OFFICER
from .history import TRANG_DINH, History, RoundHistory, command, record_round
from .test_board import BOARD, signed_in
from .test_browser import api, audit, visit

# On the shared stack (conftest.py): its own organisations, plans and nominees (Tràng Định's 5th and 6th).
SHARED_STACK = True
DEPARTMENT = ("so-nong-nghiep", "department_officer", "SNNPTNT")
ORGANISATIONS = (("SNNPTNT", "department", "20", "Sở Nông nghiệp và Phát triển nông thôn"),
                 ("CCPTNT", "subordinate_unit", "SNNPTNT", "Chi cục Phát triển nông thôn"),
                 ("HND", "mass_organisation", "20", "Hội Nông dân tỉnh"))
PLANS = (("KH-SNN-2012", "SNNPTNT", "2012-03-31"), ("KH-CC-2012", "CCPTNT", "2012-03-31"),
         ("KH-HND-2012", "HND", "2012-03-31"))


@pytest.fixture(scope="module")
def organisations(web_stack: Stack, history: History, accounts: dict[str, str]) -> dict[str, str]:
    """The organisations, Hội Nông dân's pledge for Bình Gia (181), the three plans' deadlines, recorded
    by the board through the registry's API; the department officer's account. Answers the passwords."""
    with web_stack.client("registry") as registry:
        for code, kind, parent, name in ORGANISATIONS:
            command(registry, "register-participant", {"code": code, "kind": kind, "parent_code": parent, "name": name,
                                                       "effective_from": "2011-06-01"}, f"web-org-{code}")
        command(registry, "pledge-support", {"supporter_code": "HND", "supported_code": "181",
                                             "effective_from": "2012-01-15"}, "web-pledge-hnd")
        for plan, owner, due in PLANS:
            command(registry, "set-plan-deadline", {"plan_code": plan, "owner_code": owner, "due_date": due,
                                                    "title": "Kế hoạch thực hiện phong trào năm 2012"}, f"web-{plan}")
        folder = web_stack.run_dir / "accounts"
        create_account(registry, web_stack.url("registry"), folder, *DEPARTMENT)
        wait_until(lambda: len(registry.get("/plans").json()["plans"]) == len(PLANS)
                   and len(registry.get("/pledges").json()["pledges"]) == 1, 60)
    return {**accounts, DEPARTMENT[0]: read_password(folder, DEPARTMENT[0])}


def records(stack: Stack, event_type: str, aggregate_id: str) -> list[dict]:
    """The registry topic's events of that type and stream (read in a thread: Playwright's sync API
    keeps an event loop running in this one)."""
    with ThreadPoolExecutor(1) as pool:
        found = pool.submit(read_topic, stack.kafka, stack.topic(REGISTRY_EVENTS)).result()
    return [r for r in found if r["event_type"] == event_type and r["aggregate_id"] == aggregate_id]


def test_department_officer_records_a_pledge_and_submits_a_plan(page, web_stack: Stack, history: History,
                                                               organisations: dict[str, str], tmp_path: Path):
    signed_in(page, organisations, DEPARTMENT[0])
    page.wait_for_selector("body[data-ready='/cam-ket']", timeout=60_000)  # where a department lands
    assert "Sở Nông nghiệp và Phát triển nông thôn (SNNPTNT)" in page.inner_text("#pledges-h")
    assert "chưa đăng ký hỗ trợ huyện nào" in page.inner_text("#u6-flags li[data-code='SNNPTNT']")  # U6
    assert "mới hỗ trợ 0 xã" in page.inner_text("#u6-flags li[data-code='CCPTNT']")  # its subordinate unit
    assert page.locator("#pledges-empty").count() == 1  # Hội Nông dân's pledge is not its own
    assert sorted(page.locator("#plans-table tbody tr").evaluate_all("rs => rs.map(r => r.dataset.plan)")) == [
        "KH-CC-2012", "KH-SNN-2012"]  # its own and its subordinate unit's
    page.screenshot(path=tmp_path / "pledges-department.png", full_page=True)

    page.click("#pledge-open")
    page.wait_for_selector("#supported-options option[value='180']", state="attached", timeout=30_000)
    page.fill("#p-supported", history.communes[TRANG_DINH][0])  # a xã: a department supports a district
    page.fill("#p-from", "01/02/2012")
    page.fill("#p-document", "05/ĐK-SNN")
    page.click("#pledge-submit")
    assert page.locator("#pledge-status .invalid").inner_text().startswith("U6:")  # checked before sending
    page.fill("#p-supported", TRANG_DINH)
    page.dblclick("#pledge-submit")  # one key per opened form: a double click records once
    page.wait_for_selector("#pledge-ok", timeout=30_000)
    assert page.locator("#pledge-status .refusal").count() == 0
    page.click("#pledge-submit-cancel")
    page.wait_for_selector(f"#pledges-table tr[data-supporter='SNNPTNT'][data-supported='{TRANG_DINH}']", timeout=30_000)
    listed = [p for p in api(web_stack, "registry", "/pledges")["pledges"] if p["supporter_code"] == "SNNPTNT"]
    assert [(p["supported_code"], p["effective_from"], p["document_number"]) for p in listed] == [
        (TRANG_DINH, "2012-02-01", "05/ĐK-SNN")]
    assert len(records(web_stack, "SupportPledged", f"SNNPTNT:{TRANG_DINH}")) == 1
    assert page.locator("#u6-flags li[data-code='SNNPTNT']").count() == 0  # the flag gone

    page.click("#pledge-open")  # another organisation's pledge: the registry's scope rule
    page.fill("#p-supporter", "HND")
    page.fill("#p-supported", "182")
    page.fill("#p-from", "01/02/2012")
    page.click("#pledge-submit")
    refusal = page.wait_for_selector("#pledge-status .refusal", timeout=30_000)
    page.screenshot(path=tmp_path / "pledge-refused.png")
    assert refusal.get_attribute("data-rule") == "AUTH-SCOPE"
    assert "không được ghi nhận đăng ký hỗ trợ của đơn vị HND" in refusal.inner_text()
    assert [p["supported_code"] for p in api(web_stack, "registry", "/pledges")["pledges"]
            if p["supporter_code"] == "HND"] == ["181"]  # nothing recorded
    page.click("#pledge-submit-cancel")

    page.click("#plans-table button[data-plan='KH-SNN-2012']")
    page.fill("#k-submitted", "2012-03-20")  # not dd/mm/yyyy: refused before sending
    page.fill("#k-document", "12/KH-SNN")
    page.click("#plan-submit")
    assert page.locator("#plan-status .invalid").count() == 1
    page.fill("#k-submitted", "20/03/2012")
    page.dblclick("#plan-submit")
    assert "đúng hạn" in page.wait_for_selector("#plan-ok", timeout=30_000).inner_text()
    assert page.locator("#plan-status .refusal").count() == 0  # the second click got the first answer
    page.click("#plan-submit-cancel")
    page.wait_for_selector("#plans-table tr[data-plan='KH-SNN-2012'][data-status='submitted_on_time']", timeout=30_000)
    plan = next(p for p in api(web_stack, "registry", "/plans")["plans"] if p["plan_code"] == "KH-SNN-2012")
    assert (plan["submitted_on"], plan["submission_document"], plan["status"]) == (
        "2012-03-20", "12/KH-SNN", "submitted_on_time")
    assert len(records(web_stack, "PlanSubmitted", "KH-SNN-2012")) == 1
    assert "Đã nộp đúng hạn" in page.inner_text("#plans-table tr[data-plan='KH-SNN-2012']")
    page.screenshot(path=tmp_path / "pledges-recorded.png", full_page=True)


def test_the_board_reads_every_organisations_pledges_and_plans(page, web_stack: Stack,
                                                              organisations: dict[str, str]):
    signed_in(page, organisations, BOARD)
    visit(page, "/cam-ket")
    answer = api(web_stack, "registry", "/plans")["plans"]
    drawn = page.locator("#plans-table tbody tr")
    assert {drawn.nth(i).get_attribute("data-plan"): drawn.nth(i).get_attribute("data-status")
            for i in range(drawn.count())} == {p["plan_code"]: p["status"] for p in answer}
    assert page.locator("#pledges-table tr[data-supporter='HND'][data-supported='181']").count() == 1
    assert page.locator("#plans-table button[data-plan='KH-HND-2012']").count() == 1  # the board may submit any
    assert page.locator("#pledge-open").count() == 1
    # A supporter's audit trail (participant kind), which opens on its registration.
    page.click("#pledges-table tr[data-supporter='HND'][data-supported='181'] a.audit")
    page.wait_for_selector("body[data-ready='/nhat-ky']", timeout=60_000)
    assert page.inner_text("#audit-subject") == "participant/HND"
    types = page.locator("#audit-events tbody tr").all_inner_texts()
    assert types and "Đăng ký đối tượng tham gia" in types[0]


@pytest.fixture(scope="module")
def withdrawable(web_stack: Stack, history: History) -> tuple[RoundHistory, list[str]]:
    """Two district certificates nominated by Tràng Định (180), entered by the board for it."""
    round_history = record_round(web_stack, history)
    ids = []
    with web_stack.client("awards") as awards:
        for code in history.communes[TRANG_DINH][4:6]:
            command(awards, "submit-nomination", {
                "round_code": round_history.code, "award_kind": "district_certificate", "nominee_code": code,
                "nominating_unit": TRANG_DINH, "submitted_on": "2016-03-15", "achievement_file": {
                    "justification": "Xã hoàn thành tốt phong trào thi đua.", "figures": {}, "attachments": []}},
                f"web-withdrawable-{code}")
            ids.append(f"{round_history.code}/district_certificate/{code}")
    return round_history, ids


def test_district_officer_withdraws_its_nomination(page, web_stack: Stack, organisations: dict[str, str],
                                                   withdrawable: tuple[RoundHistory, list[str]], tmp_path: Path):
    round_history, (first, second) = withdrawable
    signed_in(page, organisations, OFFICER[0])
    page.wait_for_selector("body[data-ready='/ma-tran']", timeout=60_000)
    visit(page, f"/de-nghi?round={round_history.code}")
    assert page.locator(f"button[data-withdraw='{round_history.code}/pm_certificate/{round_history.pm_commune}']"
                        ).count() == 0  # not its nomination (nor of its district)
    page.click(f"button[data-withdraw='{first}']")
    assert audit(page) == []
    page.fill("#w-reason", "Đơn vị rút hồ sơ để bổ sung thành tích.")
    page.fill("#w-when", "01/03/2016")  # before its submission (15/03/2016): refused before sending
    page.click("#withdraw-submit")
    assert page.locator("#withdraw-status .invalid").inner_text().startswith("A11:")
    page.fill("#w-when", "20/03/2016")
    page.dblclick("#withdraw-submit")  # one key per opened form: a double click withdraws once
    row = page.wait_for_selector(f"#nominations-table tr[data-nomination='{first}'][data-status='withdrawn']",
                                 timeout=30_000)
    assert "Đã rút\nngày 20/03/2016" in row.inner_text() and row.query_selector("button[data-withdraw]") is None
    page.screenshot(path=tmp_path / "nomination-withdrawn.png", full_page=True)
    nominee = first.rsplit("/", 1)[1]
    withdrawn = api(web_stack, "awards", f"/rounds/{round_history.code}/nominations/district_certificate/{nominee}")
    assert withdrawn["status"] == "withdrawn"
    assert [h["event_type"] for h in withdrawn["history"]].count("NominationWithdrawn") == 1
    assert withdrawn["history"][-1]["on"] == "2016-03-20"

    page.click(f"button[data-withdraw='{second}']")  # the board withdraws it meanwhile: the API refuses (A11)
    with web_stack.client("awards") as awards:
        command(awards, "withdraw-nomination", {"nomination_id": second, "reason": "Ban rút thay đơn vị.",
                                                "withdrawn_on": "2016-03-18"}, "web-board-withdraws")
    page.fill("#w-reason", "Rút hồ sơ.")
    page.fill("#w-when", "20/03/2016")
    page.click("#withdraw-submit")
    refusal = page.wait_for_selector("#withdraw-status .refusal", timeout=30_000)
    page.screenshot(path=tmp_path / "withdraw-refused.png")
    assert refusal.get_attribute("data-rule") == "A11" and "đã rút" in refusal.inner_text()


def test_accessibility_audit_of_the_pledges_page_and_its_forms(page, organisations: dict[str, str]):
    signed_in(page, organisations, DEPARTMENT[0])
    page.wait_for_selector("body[data-ready='/cam-ket']", timeout=60_000)
    assert audit(page) == []
    page.click("#pledge-open")
    page.wait_for_selector("#supported-options option", state="attached", timeout=30_000)
    assert audit(page) == []
    page.click("#pledge-submit-cancel")
    page.click("#plans-table button[data-plan='KH-CC-2012']")
    assert audit(page) == []

"""The round's pages in headless Chromium against the real stack: the board's dashboard draws the
awards API's figures, the board reviews and decides a nomination seeing its verdicts and downloads
the decision (opened with python-docx), confers the award and downloads its certificate (its PDF's
text through pdftotext); a district officer submits a nomination (a double click
records once) and is refused another district's unit with AUTH-SCOPE; axe finds no violation."""
import io
import subprocess
import unicodedata
from pathlib import Path

import pytest

from thidua_deploy.isolated import Stack, wait_until

from .conftest import OFFICER
from .history import BAC_SON, TRANG_DINH, History, RoundHistory, record_round
from .test_browser import api, audit, sign_in, visit

# On the shared stack (conftest.py): its nominee is its own (Tràng Định's 4th xã); counts come from the API.
SHARED_STACK = True
BOARD = "ban-thi-dua"
DECISION = "120/QĐ-UBND"
CERTIFICATE = "15/2016"  # its number in the register ("sổ vàng")


@pytest.fixture(scope="module")
def round_history(web_stack: Stack, history: History) -> RoundHistory:
    return record_round(web_stack, history)


def signed_in(page, accounts: dict[str, str], username: str) -> None:
    sign_in(page, username, accounts[username])
    page.wait_for_selector("#who-role", timeout=30_000)


def drawn_counts(page) -> dict[str, dict[str, int]]:
    rows = page.locator("#kinds-table tbody tr")
    found = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        cells = row.locator("td[data-count]")
        found[row.get_attribute("data-kind")] = {cells.nth(k).get_attribute("data-count"): int(cells.nth(k).inner_text())
                                                 for k in range(cells.count())}
    return found


def test_board_decides_a_nomination_and_downloads_the_decision(page, web_stack: Stack, round_history: RoundHistory,
                                                               accounts: dict[str, str], tmp_path: Path):
    code = round_history.code
    signed_in(page, accounts, BOARD)
    visit(page, f"/dot-khen?round={code}")
    page.screenshot(path=tmp_path / "round-dashboard.png", full_page=True)
    board = api(web_stack, "awards", f"/rounds/{code}/dashboard")
    assert drawn_counts(page) == {k["code"]: k["counts"] for k in board["kinds"]}
    assert drawn_counts(page)["pm_certificate"]["received"] == 1
    assert page.locator("#missing-list li").count() == len(board["missing"]) > 0
    assert page.locator("#quota-table tbody tr").count() == len([q for q in board["quotas"]
                                                                 if q["used"] or q["shortfall"]])

    nid = f"{code}/pm_certificate/{round_history.pm_commune}"
    nomination = api(web_stack, "awards", f"/rounds/{code}/nominations/pm_certificate/{round_history.pm_commune}")
    row = page.locator(f"#board-nominations tr[data-nomination='{nid}']")
    row.locator("button[data-step='review']").click()
    shown = page.locator("#step-verdicts li")
    assert [(shown.nth(i).get_attribute("data-rule"), shown.nth(i).get_attribute("data-outcome"))
            for i in range(shown.count())] == [(v["rule"], v["outcome"]) for v in nomination["current_verdicts"]]
    assert "pending" in [v["outcome"] for v in nomination["current_verdicts"]]  # the council's finding awaited
    page.check("#exemplary-true")
    page.fill("#s-reasons", "Tiêu biểu xuất sắc (Hội đồng TĐKT tỉnh)")
    page.fill("#s-when", "20/03/2016")
    page.click("#step-submit")
    page.wait_for_selector(f"#board-nominations tr[data-nomination='{nid}'][data-status='reviewed']", timeout=30_000)

    row.locator("button[data-step='decide']").click()
    reviewed = api(web_stack, "awards", f"/rounds/{code}/nominations/pm_certificate/{round_history.pm_commune}")
    assert {v["outcome"] for v in reviewed["current_verdicts"]} == {"pass"}
    assert page.locator("#step-verdicts li[data-outcome='pass']").count() == len(reviewed["current_verdicts"])
    assert page.locator("#step-verdicts li[data-rule='A3']").first.inner_text().startswith("A3 đạt")
    page.screenshot(path=tmp_path / "decide.png")
    page.check("#outcome-approved")
    page.fill("#s-reasons", "Đủ tiêu chuẩn")
    page.fill("#s-number", DECISION)
    page.fill("#s-when", "30/03/2016")
    page.dblclick("#step-submit")  # one key per opened form: a double click decides once
    page.wait_for_selector(f"#board-nominations tr[data-nomination='{nid}'][data-status='approved']", timeout=30_000)
    decided = api(web_stack, "awards", f"/rounds/{code}/nominations/pm_certificate/{round_history.pm_commune}")
    assert decided["decision"]["decision_number"] == DECISION and decided["decision"]["decision_date"] == "2016-03-30"
    assert [h["event_type"] for h in decided["history"]].count("NominationDecided") == 1
    assert drawn_counts(page) == {k["code"]: k["counts"] for k in api(web_stack, "awards", f"/rounds/{code}/dashboard")["kinds"]}

    assert page.input_value("#decision-number") == DECISION
    with page.expect_download(timeout=30_000) as started:
        page.click("#download-docx")
    saved = tmp_path / started.value.suggested_filename
    started.value.save_as(saved)
    assert saved.name == "Quyết định 120-QĐ-UBND.docx"
    from docx import Document

    document = Document(io.BytesIO(saved.read_bytes()))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert decided["nominee"]["name"] in text and DECISION in text
    with page.expect_download(timeout=30_000) as sheet:
        page.click("#download-xlsx")
    assert sheet.value.suggested_filename.endswith(".xlsx")
    page.screenshot(path=tmp_path / "round-decided.png", full_page=True)

    # The approved award conferred (a day before the decision refused before sending, A11), then
    # its certificate downloaded through the gateway.
    row.locator("button[data-step='confer']").click()
    assert audit(page) == []
    page.fill("#s-when", "29/03/2016")
    page.click("#step-submit")
    assert page.locator("#step-status .invalid").inner_text().startswith("A11:")
    page.fill("#s-when", "15/04/2016")
    page.fill("#s-certificate", CERTIFICATE)
    page.dblclick("#step-submit")  # one key per opened form: conferred once
    page.wait_for_selector(f"#board-nominations tr[data-nomination='{nid}'][data-status='conferred']", timeout=30_000)
    conferred = api(web_stack, "awards", f"/rounds/{code}/nominations/pm_certificate/{round_history.pm_commune}")
    assert conferred["status"] == "conferred" and conferred["conferred"]["certificate_number"] == CERTIFICATE
    assert conferred["conferred"]["conferred_on"] == "2016-04-15"
    assert [h["event_type"] for h in conferred["history"]].count("AwardConferred") == 1
    assert drawn_counts(page)["pm_certificate"]["conferred"] == 1
    with page.expect_download(timeout=30_000) as started:
        row.locator("button.certificate").click()
    saved = tmp_path / started.value.suggested_filename
    started.value.save_as(saved)
    assert saved.name == f"Bằng khen {round_history.pm_commune}.pdf" and saved.read_bytes().startswith(b"%PDF")
    text = unicodedata.normalize("NFC", subprocess.run(["pdftotext", "-enc", "UTF-8", str(saved), "-"],
                                                       capture_output=True, text=True, check=True).stdout)
    assert conferred["nominee"]["name"] in text and CERTIFICATE in text and DECISION in text
    page.screenshot(path=tmp_path / "round-conferred.png", full_page=True)


def test_officer_submits_a_nomination_and_is_refused_another_districts_unit(
        page, web_stack: Stack, history: History, round_history: RoundHistory, accounts: dict[str, str],
        tmp_path: Path):
    code, own, other = round_history.code, history.communes[TRANG_DINH][3], history.communes[BAC_SON][4]
    before = api(web_stack, "awards", f"/rounds/{code}")["version"]
    signed_in(page, accounts, OFFICER[0])
    page.wait_for_selector("body[data-ready='/ma-tran']", timeout=60_000)
    visit(page, f"/de-nghi?round={code}")
    page.click("#nominate-open")
    page.select_option("#n-kind", "district_certificate")
    page.wait_for_selector(f"#nominee-options option[value='{own}']", state="attached", timeout=30_000)
    assert page.locator(f"#nominee-options option[value='{other}']").count() == 0  # its own units are offered
    page.fill("#n-nominee", own)
    page.fill("#n-justification", "Xã dẫn đầu huyện về phong trào thi đua.")
    page.fill("#n-figures", "Số tiêu chí đạt = 15")
    page.fill("#n-att-title", "Báo cáo thành tích")
    page.fill("#n-att-number", "BC-15/2016")
    page.fill("#n-att-date", "10/03/2016")
    page.fill("#n-submitted", "01/01/2017")
    page.click("#nominate-submit")
    assert page.locator("#nominate-status .invalid").inner_text().startswith("A8:")  # checked before sending
    assert api(web_stack, "awards", f"/rounds/{code}")["version"] == before
    page.fill("#n-submitted", "15/03/2016")
    page.dblclick("#nominate-submit")  # one key per opened form: a double click records once
    page.wait_for_selector("#nominate-ok", timeout=30_000)
    page.screenshot(path=tmp_path / "nominated.png")
    assert page.locator("#nominate-status .refusal").count() == 0
    recorded = api(web_stack, "awards", f"/rounds/{code}/nominations/district_certificate/{own}")
    assert recorded["nominating_unit"] == TRANG_DINH and recorded["submitted_on"] == "2016-03-15"
    assert recorded["achievement_file"]["attachments"][0]["document_number"] == "BC-15/2016"
    assert recorded["achievement_file"]["figures"] == {"Số tiêu chí đạt": 15}
    assert api(web_stack, "awards", f"/rounds/{code}")["version"] == before + 1
    page.click("#nominate-cancel")
    wait_until(lambda: page.locator(f"#nominations-table tr[data-nomination='{code}/district_certificate/{own}']")
               .count() == 1, 30)

    page.click("#nominate-open")
    page.select_option("#n-kind", "district_certificate")
    page.fill("#n-nominee", other)
    page.fill("#n-justification", "Đề nghị khen thưởng xã của huyện khác.")
    page.fill("#n-submitted", "15/03/2016")
    page.click("#nominate-submit")
    refusal = page.wait_for_selector("#nominate-status .refusal", timeout=30_000)
    page.screenshot(path=tmp_path / "nomination-refused.png")
    assert refusal.get_attribute("data-rule") == "AUTH-SCOPE"
    assert "không thuộc" in refusal.inner_text()
    assert api(web_stack, "awards", f"/rounds/{code}")["version"] == before + 1


def test_accessibility_audit_of_the_round_pages_and_the_board_receives(page, web_stack: Stack,
                                                                       round_history: RoundHistory,
                                                                       accounts: dict[str, str]):
    code, district = round_history.code, round_history.flag_district
    signed_in(page, accounts, BOARD)
    visit(page, f"/dot-khen?round={code}")
    assert audit(page) == []
    page.click(f"#board-nominations tr[data-nomination='{code}/government_flag/{district}'] button[data-step='receive']")
    assert audit(page) == []
    page.fill("#s-when", "01/03/2016")  # before its submission (02/03/2016): refused before sending
    page.click("#step-submit")
    assert page.locator("#step-status .invalid").inner_text().startswith("A11:")
    page.fill("#s-when", "12/03/2016")
    page.click("#step-submit")
    page.wait_for_selector(f"#board-nominations tr[data-nomination='{code}/government_flag/{district}']"
                           "[data-status='received']", timeout=30_000)
    received = api(web_stack, "awards", f"/rounds/{code}/nominations/government_flag/{district}")
    assert received["status"] == "received" and received["history"][-1]["on"] == "2016-03-12"
    visit(page, f"/de-nghi?round={round_history.code}")
    page.click("#nominate-open")
    assert audit(page) == []


def test_a_page_left_before_it_drew_never_draws_over_the_next_one(page, round_history: RoundHistory):
    """The dashboard (where the board lands after signing in) still waits for its districts when the
    reader goes on to the round page: when they come, the round page stays (a CI run once found the
    dashboard drawn over it, the board's buttons gone)."""
    held = []

    def hold_the_first(route) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route("**/api/registry/units*", hold_the_first)
    with page.expect_request("**/api/registry/units*"):
        page.goto("/#/")
    visit(page, f"/dot-khen?round={round_history.code}")
    done = int(page.get_attribute("body", "data-renders-done"))
    held[0].continue_()
    page.wait_for_selector(f"body[data-renders-done='{done + 1}']", state="attached", timeout=30_000)
    assert page.locator("#round-h").all_inner_texts() == [f"Đợt khen thưởng {round_history.code}"]
    assert page.locator("#board-nominations").count() == 1 and page.locator("#rate-section").count() == 0
    assert page.locator("#filter-form").count() == 0  # the dashboard's filters did not come back either

"""The periodic-reports page (#/bao-cao) in headless Chromium against the real stack: the board opens
a period; a district officer drafts and submits its report (a double click records once), a
negative figure is refused before sending and another district's report with AUTH-SCOPE; the board
returns it with a reason, the officer sees it and submits again, the board approves; completeness
on the page equals the API's; the board issues a report and downloads its DOCX (python-docx),
XLSX (openpyxl) and PDF, and sees "as issued" against "as known now"; axe finds no violation."""
import io
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from thidua_deploy.isolated import Stack

from .conftest import OFFICER
from .history import BAC_SON, TRANG_DINH, History
from .test_browser import api, audit, sign_in, visit

BOARD = "ban-thi-dua"
NUMBER = "125/BC-UBND"
REASON = "Số xã được công nhận chưa khớp với quyết định công nhận của tỉnh."


def today_vn() -> str:
    return (datetime.now(timezone.utc) + timedelta(hours=7)).date().isoformat()


@pytest.fixture(scope="module")
def period(history: History) -> dict:
    """The terms the board opens in the browser: this year's yearly period, due 15/01 next year."""
    year = int(today_vn()[:4])
    return {"kind": "year", "year": year, "due_on": f"{year + 1}-01-15", "grace_days": 10, "code": str(year)}


def open_by_api(stack: Stack, period: dict) -> None:
    """The same terms as the browser's: `unchanged` when the browser opened it already."""
    body = {k: v for k, v in period.items() if k != "code"}
    with stack.client("reporting") as board:
        answer = board.post("/commands/open-period", json=body, headers={"Idempotency-Key": f"t-open-{period['code']}"})
        assert answer.status_code < 300, answer.text


def submission(stack: Stack, code: str, unit: str) -> dict | None:
    with stack.client("reporting") as board:
        answer = board.get(f"/periods/{code}/submissions/{unit}")
    return answer.json() if answer.status_code == 200 else None


def report_as(stack: Stack, token: str, code: str, unit: str, key: str) -> None:
    """A unit's officer drafts and submits through the API (not the page under test)."""
    with stack.client("reporting", token=token) as officer:
        for name, body in (("save-draft", {"figures": {"communes_assessed": 3}, "narrative": "Báo cáo của huyện."}),
                           ("submit-report", {})):
            answer = officer.post(f"/commands/{name}", json={"period_code": code, "unit_code": unit, **body},
                                  headers={"Idempotency-Key": f"{key}-{name}"})
            assert answer.status_code < 300, answer.text


def fill_figures(page, **values: str) -> None:
    for name, value in values.items():
        page.fill(f"#r-{name}", value)


def as_user(page, accounts: dict[str, str], username: str) -> None:
    """Sign in (again): wait until the header names the account and its landing page has drawn."""
    sign_in(page, username, accounts[username])
    page.wait_for_function("u => document.querySelector('#who-user')?.textContent === u", arg=username,
                           timeout=30_000)
    page.wait_for_selector(f"body[data-ready='{'/ma-tran' if username == OFFICER[0] else '/'}']", timeout=60_000)


def unit_status(page, unit: str) -> str:
    return page.get_attribute(f"#submissions-table tr[data-unit='{unit}']", "data-status")


def test_period_opened_drafted_submitted_returned_and_approved(page, web_stack: Stack, period: dict,
                                                               accounts: dict[str, str], tmp_path: Path):
    code = period["code"]
    as_user(page, accounts, BOARD)
    visit(page, "/bao-cao")
    page.click("#open-period")
    page.select_option("#p-kind", "year")
    page.fill("#p-year", str(period["year"]))
    page.fill("#p-due", f"30/12/{period['year']}")  # before the period's end: refused before sending
    page.fill("#p-grace", "10")
    page.click("#period-submit")
    assert page.inner_text("#dialog-status .invalid").startswith("R1:")
    with web_stack.client("reporting") as board:
        assert board.get("/periods").json() == []
    page.fill("#p-due", f"15/01/{period['year'] + 1}")
    page.click("#period-submit")
    page.wait_for_selector("#period-ok", timeout=30_000)
    page.click("#dialog-cancel")
    page.wait_for_selector(f"#periods-table tr[data-period='{code}']", timeout=30_000)
    opened = api(web_stack, "reporting", f"/periods/{code}")
    assert opened["due_on"] == period["due_on"] and opened["grace_days"] == 10
    assert TRANG_DINH in opened["expected_units"] and BAC_SON in opened["expected_units"]
    assert page.get_attribute(f"#periods-table tr[data-period='{code}'] td[data-owed]", "data-owed") == str(
        len(opened["expected_units"]))

    # The district officer: its own report for the period, checked before sending, then drafted.
    as_user(page, accounts, OFFICER[0])
    visit(page, f"/bao-cao?period={code}")
    assert page.get_attribute("#submission-state", "data-status") == "missing"
    fill_figures(page, communes_assessed="12", criteria_gained="-3", communes_recognised="2",
                 funds_mobilised_vnd="1,5", model_examples="4")
    page.select_option("#r-funds_mobilised_vnd-unit", "tỷ đồng")
    page.fill("#r-narrative", "Huyện Tràng Định: 6 tháng đầu năm đánh giá lại 12 xã theo Bộ tiêu chí 2016.")
    page.click("#save-draft")
    refused = page.locator("#submission-status .invalid")
    assert refused.inner_text().startswith("R1:") and "không được âm" in refused.inner_text()
    assert submission(web_stack, code, TRANG_DINH) is None  # nothing sent, nothing recorded
    page.fill("#r-criteria_gained", "0")
    page.click("#save-draft")
    page.wait_for_selector("#submission-state[data-status='draft']", timeout=30_000)
    drafted = submission(web_stack, code, TRANG_DINH)
    assert drafted["figures"]["funds_mobilised_vnd"] == 1_500_000_000 and drafted["figures"]["criteria_gained"] == 0
    shown = page.locator("#submission-warnings li")
    assert shown.count() == len(drafted["warnings"]) > 0  # 2 xã recognised reported, none recorded in the year
    for i, warning in enumerate(drafted["warnings"]):
        assert shown.nth(i).get_attribute("data-rule") == warning["rule"]
        assert warning["message_vi"] in shown.nth(i).inner_text()
    assert any(w["figures"].get("figure") == "communes_recognised" for w in drafted["warnings"])
    assert "dữ liệu ghi nhận 0" in page.inner_text("#submission-warnings")
    assert page.get_attribute("#submission-figures tr[data-figure='funds_mobilised_vnd'] td", "data-value") == "1500000000"
    page.screenshot(path=tmp_path / "officer-draft.png", full_page=True)
    page.dblclick("#submit-report")  # one key per opened form: a double click submits once
    page.wait_for_selector("#submission-state[data-status='submitted']", timeout=30_000)
    steps = [e["event_type"] for e in submission(web_stack, code, TRANG_DINH)["history"]]
    assert steps == ["SubmissionDrafted", "SubmissionSubmitted"]

    # Another district's report: the API refuses it with AUTH-SCOPE, shown with its text.
    visit(page, f"/bao-cao?period={code}&unit={BAC_SON}")
    fill_figures(page, communes_assessed="5")
    page.fill("#r-narrative", "Báo cáo thay huyện Bắc Sơn.")
    page.click("#save-draft")
    refusal = page.wait_for_selector("#submission-status .refusal", timeout=30_000)
    page.screenshot(path=tmp_path / "officer-refused.png", full_page=True)
    assert refusal.get_attribute("data-rule") == "AUTH-SCOPE" and "không được báo cáo" in refusal.inner_text()
    assert submission(web_stack, code, BAC_SON) is None

    # The board returns it with a reason.
    as_user(page, accounts, BOARD)
    visit(page, f"/bao-cao?period={code}")
    assert unit_status(page, TRANG_DINH) == "submitted"
    page.click(f"#submissions-table button[data-review='{TRANG_DINH}']")
    page.wait_for_selector("#review-form", timeout=30_000)
    assert page.locator("#review-warnings li").count() == len(drafted["warnings"])
    assert page.get_attribute("#review-figures tr[data-figure='communes_assessed'] td", "data-value") == "12"
    page.click("#return-submit")
    assert page.locator("#dialog-status .invalid").count() == 1  # a return needs its reason
    page.fill("#review-reasons", REASON)
    page.screenshot(path=tmp_path / "board-review.png")
    page.dblclick("#return-submit")
    page.wait_for_selector(f"#submissions-table tr[data-unit='{TRANG_DINH}'][data-status='returned']", timeout=30_000)

    # The officer sees the reason, corrects the figure and submits again.
    as_user(page, accounts, OFFICER[0])
    visit(page, f"/bao-cao?period={code}")
    assert page.get_attribute("#submission-state", "data-status") == "returned"
    assert REASON in page.inner_text("#return-reasons")
    fill_figures(page, communes_recognised="0")
    page.click("#submit-report")  # the form differs from the draft: saved, then submitted
    page.wait_for_selector("#submission-state[data-status='submitted']", timeout=30_000)
    resubmitted = submission(web_stack, code, TRANG_DINH)
    assert [e["event_type"] for e in resubmitted["history"]] == [
        "SubmissionDrafted", "SubmissionSubmitted", "SubmissionReturned", "SubmissionDrafted", "SubmissionSubmitted"]
    assert resubmitted["figures"]["communes_recognised"] == 0 and resubmitted["revision"] == 1

    # The board approves; completeness on the page equals the API's.
    as_user(page, accounts, BOARD)
    visit(page, f"/bao-cao?period={code}")
    page.click(f"#submissions-table button[data-review='{TRANG_DINH}']")
    page.wait_for_selector("#review-form", timeout=30_000)
    page.fill("#review-day", f"01/01/{period['year'] - 1}")  # before its submission: refused before sending
    page.click("#approve-submit")
    assert page.inner_text("#dialog-status .invalid").startswith("R1:")
    page.fill("#review-day", "")
    page.dblclick("#approve-submit")
    page.wait_for_selector(f"#submissions-table tr[data-unit='{TRANG_DINH}'][data-status='approved']", timeout=30_000)
    assert [e["event_type"] for e in submission(web_stack, code, TRANG_DINH)["history"]].count("SubmissionApproved") == 1
    completeness = api(web_stack, "reporting", f"/periods/{code}/completeness")
    province = page.locator("#completeness-table tr[data-group='province']")
    assert province.locator("td[data-owed]").get_attribute("data-owed") == str(completeness["province"]["owed"])
    assert province.locator("td[data-submitted]").get_attribute("data-submitted") == "1" == str(
        completeness["province"]["submitted"])
    assert province.locator("td[data-on-time]").get_attribute("data-on-time") == str(completeness["province"]["on_time"])
    assert province.locator("td[data-completeness]").inner_text() == (
        f"{completeness['province']['completeness_pct']:.1f}".replace(".", ",") + "%")
    for kind, rates in completeness["by_kind"].items():
        row = page.locator(f"#completeness-table tr[data-group='{kind}']")
        assert row.locator("td[data-submitted]").get_attribute("data-submitted") == str(rates["submitted"])
    missing = page.locator("#missing-units li")
    assert [missing.nth(i).get_attribute("data-unit") for i in range(missing.count())] == completeness["missing_units"]
    assert "Tràng Định" in page.inner_text(f"#submissions-table tr[data-unit='{TRANG_DINH}']")
    totals = api(web_stack, "reporting", f"/periods/{code}/totals")["province"]
    assert totals["approved_units"] == 1 and totals["funds_mobilised_vnd"]["total"] == 1_500_000_000
    for figure in ("communes_assessed", "funds_mobilised_vnd", "model_examples"):
        assert page.get_attribute(f"#totals-table tr[data-figure='{figure}'] td[data-total]", "data-total") == str(
            totals[figure]["total"])
    page.screenshot(path=tmp_path / "board-period.png", full_page=True)
    yesterday = (datetime.fromisoformat(today_vn()) - timedelta(days=1)).date()
    page.fill("#c-as-of", "31/02/2026")
    page.click("#as-of-form button[type=submit]")
    assert "dd/mm/yyyy" in page.inner_text("#as-of-status")
    page.fill("#c-as-of", yesterday.strftime("%d/%m/%Y"))
    page.click("#as-of-form button[type=submit]")
    page.wait_for_function("d => document.querySelector('#completeness-table caption')?.textContent.includes(d)",
                           arg=f"đến ngày {yesterday.strftime('%d/%m/%Y')}", timeout=60_000)
    before = api(web_stack, "reporting", f"/periods/{code}/completeness", as_of=yesterday.isoformat())
    assert before["province"]["submitted"] == 0
    assert page.get_attribute("#completeness-table tr[data-group='province'] td[data-submitted]",
                              "data-submitted") == "0"
    assert page.locator("#missing-units li").count() == len(before["missing_units"]) == before["province"]["owed"]

    # After approval the report is locked: a change is a new revision, the approved one stays.
    as_user(page, accounts, OFFICER[0])
    visit(page, f"/bao-cao?period={code}")
    assert page.locator("#report-form").count() == 0
    page.click("#new-revision")
    fill_figures(page, model_examples="5")
    page.click("#save-draft")
    page.wait_for_selector("#submission-state[data-revision='2'][data-status='draft']", timeout=30_000)
    with web_stack.client("reporting") as board:
        first = board.get(f"/periods/{code}/submissions/{TRANG_DINH}", params={"revision": 1}).json()
    assert first["status"] == "approved" and first["figures"]["model_examples"] == 4
    page.click("#revision-links a:text('lần 1')")  # the approved revision stays readable
    page.wait_for_selector("#submission-state[data-revision='1'][data-status='approved']", timeout=30_000)
    assert page.get_attribute("#submission-figures tr[data-figure='model_examples'] td", "data-value") == "4"
    assert page.locator("#report-form").count() == 0
    page.screenshot(path=tmp_path / "officer-revision-1.png", full_page=True)


def test_board_issues_a_report_and_downloads_its_files(page, web_stack: Stack, period: dict,
                                                       accounts: dict[str, str], tmp_path: Path):
    open_by_api(web_stack, period)
    as_user(page, accounts, BOARD)
    visit(page, "/bao-cao")
    page.fill("#i-number", "125/bc")
    page.click("#issue-submit")
    assert "125/BC-UBND" in page.inner_text("#issue-status .invalid")  # the pattern, before sending
    page.fill("#i-number", NUMBER)
    page.dblclick("#issue-submit")  # one key per opened form: issued once
    page.wait_for_selector("#issue-ok", timeout=180_000)
    acts = api(web_stack, "reporting", "/issued-reports")["issued_reports"]
    assert [(a["number"], a["as_of"], a["issued_on"]) for a in acts] == [(NUMBER, today_vn(), today_vn())]
    row = page.locator(f"#issued-table tr[data-number='{NUMBER}']")
    page.screenshot(path=tmp_path / "issued.png", full_page=True)

    files = {}
    for ext in ("docx", "xlsx", "pdf", "csv"):
        with page.expect_download(timeout=180_000) as started:
            row.locator(f"button[data-format='{ext}']").click()
        files[ext] = tmp_path / started.value.suggested_filename
        started.value.save_as(files[ext])
    assert [p.name for p in files.values()] == [f"125-BC-UBND.{ext}" for ext in ("docx", "xlsx", "pdf", "csv")]

    from docx import Document

    document = Document(io.BytesIO(files["docx"].read_bytes()))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ỦY BAN NHÂN DÂN", "BÁO CÁO", NUMBER, "Tràng Định",
                     period["code"]):
        assert expected in text, expected
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(files["xlsx"].read_bytes()))
    cells = [c for sheet in book.worksheets for r in sheet.iter_rows() for c in r if c.value is not None]
    assert any(isinstance(c.value, str) and "Tràng Định" in c.value for c in cells)
    assert period["code"] in {str(c.value) for c in cells}  # the period's row of the reporting table
    assert any(isinstance(c.value, int) and not isinstance(c.value, bool) for c in cells)  # numbers as numbers
    pdf = files["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
    if shutil.which("pdftotext"):
        shown = subprocess.run(["pdftotext", str(files["pdf"]), "-"], capture_output=True, text=True, check=True).stdout
        assert "BÁO CÁO" in shown and NUMBER in shown

    districts = files["csv"].read_text(encoding="utf-8-sig")  # the default table, the districts
    assert "Tràng Định" in districts and "Bắc Sơn" in districts

    row.locator("button[data-identical]").click()  # regenerated today: the issued bytes
    page.wait_for_selector("#identical", timeout=180_000)
    assert page.get_attribute("#identical", "data-all-identical") == "true"
    assert api(web_stack, "reporting", f"/issued-reports/{NUMBER}")["all_identical"] is True

    # A report recorded after the issue: the figures "as known now" differ from "as issued".
    open_by_api(web_stack, period)
    report_as(web_stack, "demo-district-185", period["code"], BAC_SON, "t-185-after-issue")
    changes = api(web_stack, "reporting", f"/issued-reports/{NUMBER}/changes")
    assert changes["count"] > 0
    row.locator("button[data-changes]").click()
    page.wait_for_selector("#changes-count", timeout=60_000)
    assert page.get_attribute("#changes-count", "data-count") == str(changes["count"])
    drawn = page.locator("#changes-table tbody tr")
    assert sorted(drawn.nth(i).get_attribute("data-figure") for i in range(drawn.count())) == sorted(
        c["figure"] for c in changes["changes"])
    assert any("periodic_reporting" in c["figure"] for c in changes["changes"])
    page.screenshot(path=tmp_path / "changes.png", full_page=True)


def test_accessibility_audit_of_the_reports_page_and_its_forms(page, web_stack: Stack, period: dict,
                                                                accounts: dict[str, str], tmp_path: Path):
    open_by_api(web_stack, period)
    code = period["code"]
    other = next(u for u in api(web_stack, "reporting", f"/periods/{code}")["expected_units"]
                 if u not in (TRANG_DINH, BAC_SON))
    report_as(web_stack, "demo-province-board", code, other, "t-board-paper-report")  # a paper report entered
    as_user(page, accounts, BOARD)
    visit(page, f"/bao-cao?period={code}")
    assert audit(page) == []
    page.click(f"#submissions-table button[data-review='{other}']")
    page.wait_for_selector("#review-form", timeout=30_000)
    assert audit(page) == []
    page.click("#dialog-cancel")
    page.click("#open-period")
    assert audit(page) == []
    page.click("#dialog-cancel")
    # The board enters a paper report dated the day it came: before the opening, the API refuses (R1).
    paper = next(u for u in api(web_stack, "reporting", f"/periods/{code}")["expected_units"]
                 if u not in (TRANG_DINH, BAC_SON, other) and submission(web_stack, code, u) is None)
    visit(page, f"/bao-cao?period={code}&unit={paper}")
    fill_figures(page, communes_assessed="3")
    page.fill("#r-narrative", "Báo cáo giấy nhận qua bưu điện.")
    opened_on = api(web_stack, "reporting", f"/periods/{code}")["opened_on"]
    page.fill("#r-paper-day", (datetime.fromisoformat(opened_on) - timedelta(days=1)).strftime("%d/%m/%Y"))
    page.click("#save-draft")
    refusal = page.wait_for_selector("#submission-status .refusal", timeout=30_000)
    assert refusal.get_attribute("data-rule") == "R1" and "trước ngày mở kỳ" in refusal.inner_text()
    assert submission(web_stack, code, paper) is None
    assert audit(page) == []
    as_user(page, accounts, OFFICER[0])
    visit(page, f"/bao-cao?period={code}")
    assert page.locator("#report-form").count() == 1  # its draft (a new revision), or a first report
    assert audit(page) == []
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: nothing wider than the screen
    wider = page.evaluate("() => [...document.querySelectorAll('body *')].filter((e) => !e.parentElement.closest('.scroll')"
                          " && e.getBoundingClientRect().right > 391).map((e) => `${e.tagName}#${e.id}.${e.className}`)")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390 and not wider, wider
    assert page.locator("#r-narrative").bounding_box()["width"] <= 390
    page.screenshot(path=tmp_path / "officer-phone.png", full_page=True)


# (what is typed, the body the API would get without the page's check, what the API records or None)
FIGURE_CASES = [
    ({"funds_mobilised_vnd": "1,5", "funds_mobilised_vnd_unit": "tỷ đồng"},
     {"funds_mobilised_vnd": {"value": 1.5, "unit": "tỷ đồng"}}, 1_500_000_000),
    ({"funds_mobilised_vnd": "2.500.000"}, {"funds_mobilised_vnd": 2_500_000}, 2_500_000),
    ({"funds_mobilised_vnd": "1.000.000", "funds_mobilised_vnd_unit": "tỷ đồng"},
     {"funds_mobilised_vnd": {"value": 1_000_000, "unit": "tỷ đồng"}}, 10**15),
    ({"funds_mobilised_vnd": "1.000.001", "funds_mobilised_vnd_unit": "tỷ đồng"},
     {"funds_mobilised_vnd": {"value": 1_000_001, "unit": "tỷ đồng"}}, None),
    ({"funds_mobilised_vnd": "0,0005", "funds_mobilised_vnd_unit": "nghìn đồng"},
     {"funds_mobilised_vnd": {"value": 0.0005, "unit": "nghìn đồng"}}, None),
    ({"communes_assessed": "12,5"}, {"communes_assessed": {"value": 12.5, "unit": "xã"}}, None),
    ({"communes_assessed": "-1"}, {"communes_assessed": -1}, None),
    ({"model_examples": "1.000.001"}, {"model_examples": 1_000_001}, None),
    ({"model_examples": "1.000.000"}, {"model_examples": 1_000_000}, 1_000_000),
]


def test_the_form_checks_figures_as_the_api_does(page, web_stack: Stack, period: dict):
    """The page's check (report_figures.js, run in the browser) accepts what the API records, with
    the same value, and refuses before sending what the API refuses."""
    open_by_api(web_stack, period)
    visit(page, "/bao-cao")
    checked = page.evaluate("async (cases) => { const m = await import('/js/report_figures.js');"
                            " return cases.map((c) => m.readFigures(c)); }", [typed for typed, _, _ in FIGURE_CASES])
    unit = "189"
    with web_stack.client("reporting") as board:
        for i, ((typed, raw, recorded), page_body) in enumerate(zip(FIGURE_CASES, checked)):
            answer = board.post("/commands/save-draft", headers={"Idempotency-Key": f"t-figures-{i}"}, json={
                "period_code": period["code"], "unit_code": unit, "narrative": f"Kiểm tra số liệu {i}.",
                "figures": raw if recorded is None else page_body})
            if recorded is None:
                assert isinstance(page_body, str) and page_body.startswith("R1:"), (typed, page_body)
                assert answer.status_code in (403, 422), (typed, answer.text)
            else:
                assert answer.status_code < 300, (typed, answer.text)
                name = next(iter(raw))
                saved = board.get(f"/periods/{period['code']}/submissions/{unit}").json()
                assert saved["figures"][name] == recorded, typed

"""The periodic-reports page (#/bao-cao) in headless Chromium against the real stack, the board's
side: it issues a report and downloads its DOCX (python-docx), XLSX (openpyxl), PDF and CSV, sees
them regenerated identical, and "as issued" against "as known now"; axe finds no violation on
the page and its forms, a paper report dated before the opening is refused (R1), and a phone's
width shows nothing wider than the screen."""
import io
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

from thidua_deploy.isolated import Stack, wait_until

from .conftest import OFFICER, today_vn
from .history import BAC_SON, TRANG_DINH
from .reports import BOARD, as_user, fill_figures, open_by_api, report_as, submission
from .test_browser import api, audit, visit

NUMBER = "125/BC-UBND"


def test_board_issues_a_report_and_downloads_its_files(page, web_stack: Stack, period: dict,
                                                       accounts: dict[str, str], tmp_path: Path):
    opened = open_by_api(web_stack, period)
    # A report is issued as known at most the relay margin (2 s, reporting's catch_up.py) before
    # the issue: the period opened just now is in it once the margin has passed since its recording.
    recorded = datetime.fromisoformat(opened.get("recorded_at") or datetime.now(timezone.utc).isoformat())
    wait_until(lambda: datetime.now(timezone.utc) > recorded + timedelta(seconds=2.5), deadline=10)
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

"""The periodic-reports page (#/bao-cao) in headless Chromium against the real stack, a district's
report through its life: the board opens a period; a district officer drafts and submits its
report (a double click records once), a negative figure is refused before sending and another
district's report with AUTH-SCOPE; the board returns it with a reason, the officer sees it and
submits again, the board approves; completeness on the page equals the API's; an approved report
is changed only as a new revision. And the form checks figures as the API does."""
from datetime import datetime, timedelta
from pathlib import Path

from thidua_deploy.isolated import Stack

from .conftest import OFFICER, today_vn
from .history import BAC_SON, TRANG_DINH
from .reports import BOARD, as_user, fill_figures, open_by_api, submission, unit_status
from .test_browser import api, visit

REASON = "Số xã được công nhận chưa khớp với quyết định công nhận của tỉnh."


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

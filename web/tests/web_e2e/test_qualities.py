"""Qualities people expect, in headless Chromium against the real stack: drafts that survive a closed
tab and are sent once, search with or without diacritics, the 390-pixel phone and the 1366×768
laptop without horizontal overflow, and the dashboard asking each service one round trip."""
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from thidua_deploy.isolated import WEB, Stack, wait_until

from .conftest import OFFICER
from .history import BAC_SON, TRANG_DINH, History, RoundHistory, record_round
from .test_browser import SERIES_DATES, api, audit, sign_in, visit

# On the shared stack (conftest.py): its own xã and nominee (Tràng Định's 8th and 7th), nominated by no other.
SHARED_STACK = True
AS_OF = "2020-12-31"
PHONE = {"width": 390, "height": 844}
DRAFT_KEYS = "() => Object.keys(localStorage).filter((k) => k.startsWith('thidua.draft.'))"


@pytest.fixture(scope="module")
def round_history(web_stack: Stack, history: History) -> RoundHistory:
    return record_round(web_stack, history)


def service_of(url: str) -> str | None:
    parts = urlsplit(url).path.split("/")
    return parts[2] if len(parts) > 2 and parts[1] == "api" else None


def lose_the_answer(page, command: str) -> list[int]:
    """The command reaches the service, which records it; its answer never reaches the page (a
    dropped connection), as on a slow link. Returns the statuses the service gave."""
    given: list[int] = []

    def handle(route) -> None:
        given.append(route.fetch().status)
        route.abort("connectionreset")
    page.route(f"**/api/*/commands/{command}", handle)
    return given


def reopened(page, accounts: dict[str, str]):
    """The tab closed, a new one opened in the same browser (same localStorage, new sessionStorage:
    signed in again)."""
    context = page.context
    page.close()
    fresh = context.new_page()
    sign_in(fresh, OFFICER[0], accounts[OFFICER[0]])
    fresh.wait_for_selector("body[data-ready='/ma-tran']", timeout=60_000)
    return fresh


def no_overflow(page) -> None:
    width = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], (page.url, width)


def test_the_series_endpoints_equal_the_single_answers_and_are_bounded(web_stack: Stack, history: History):
    series = api(web_stack, "progress", "/rates/series", dates=",".join(SERIES_DATES))
    assert [s["as_of"] for s in series["series"]] == SERIES_DATES
    for day, answer in zip(SERIES_DATES, series["series"]):
        single = api(web_stack, "progress", "/rates", as_of=day, known_at=series["known_at"])
        assert answer == single, day
    codes = [TRANG_DINH, BAC_SON]
    matrices = api(web_stack, "progress", "/districts/matrices", codes=",".join(codes), as_of=AS_OF)
    known_at = matrices["known_at"]
    assert matrices["matrices"] == [api(web_stack, "progress", f"/districts/{c}/matrix", as_of=AS_OF, known_at=known_at)
                                    for c in codes]
    for path, params, rule in (("/rates/series", {"dates": ",".join([AS_OF] * 17)}, "INPUT-LENGTH"),
                               ("/rates/series", {"dates": "31/12/2020"}, "INPUT"),
                               ("/districts/matrices", {"codes": ",".join([BAC_SON] * 21)}, "INPUT-LENGTH"),
                               ("/districts/matrices", {"codes": f"{BAC_SON},{history.communes[BAC_SON][0]}"}, "U1")):
        refused = httpx.get(f"{web_stack.url(WEB)}/api/progress{path}", params=params, timeout=30, trust_env=False)
        assert refused.status_code in (404, 422) and refused.json()["error"]["rule"] == rule, (path, refused.text)


def test_the_dashboard_waits_on_one_round_trip_per_service(page, web_stack: Stack, history: History):
    asked: list[tuple[str, str]] = []
    page.on("request", lambda r: service_of(r.url) and asked.append((service_of(r.url), urlsplit(r.url).path)))
    visit(page, f"/?as_of={AS_OF}")
    per_service = Counter(service for service, _ in asked)
    assert per_service["registry"] == 1 and per_service["reporting"] == 1 and per_service["awards"] == 0, asked
    # Progress answers two questions, each once: the rate line's dates and the districts' matrices.
    assert sorted(path for service, path in asked if service == "progress") == [
        "/api/progress/districts/matrices", "/api/progress/rates/series"], asked
    no_overflow(page)  # the 1366×768 laptop
    # The drawing is the same as before: a point per year, a heat-map row per xã.
    assert page.locator("#rate-section circle.point.province").count() == len(SERIES_DATES)
    communes = sum(len(c) for c in history.communes.values())
    assert page.locator("#heat-section rect.cell").count() >= 19 * communes


def test_a_grid_draft_survives_a_closed_tab_and_records_once(page, web_stack: Stack, history: History,
                                                             accounts: dict[str, str], tmp_path: Path):
    commune = history.communes[TRANG_DINH][7]
    cell = f"#criteria-grid tr[data-commune='{commune}'] button[data-criterion='4']"
    sign_in(page, OFFICER[0], accounts[OFFICER[0]])
    page.wait_for_selector("body[data-ready='/ma-tran']", timeout=60_000)
    visit(page, "/ma-tran?as_of=2019-12-31")
    no_overflow(page)  # the 1366×768 laptop
    page.click(cell)
    page.check("#assess-form input[name=met][value=true]")
    page.fill("#evidence", "BB-nháp/2019")
    page.fill("#effective-date", "03/06/2019")
    given = lose_the_answer(page, "assess-criterion")
    page.click("#assess-submit")
    page.wait_for_selector("#assess-status .refusal", timeout=30_000)  # the page saw no answer

    def assessed() -> list[dict]:
        events = api(web_stack, "progress", f"/communes/{commune}/history", as_of="2019-12-31")["events"]
        return [e for e in events if e["kind"] == "assessment" and e["criterion"] == 4]
    wait_until(lambda: len(assessed()) == 1, 30)  # ...but the service recorded it
    assert len(given) == 1 and 200 <= given[0] < 300 and len(page.evaluate(DRAFT_KEYS)) == 1

    page = reopened(page, accounts)
    visit(page, "/ma-tran?as_of=2019-12-31")
    page.click(cell)
    note = page.wait_for_selector("#assess-form-draft")
    assert "Bản nháp đã khôi phục" in note.inner_text()
    assert page.input_value("#evidence") == "BB-nháp/2019" and page.input_value("#effective-date") == "03/06/2019"
    assert page.is_checked("#assess-form input[name=met][value=true]")
    page.screenshot(path=tmp_path / "draft-restored.png")
    page.click("#assess-submit")  # the same key: the service answers its first outcome
    wait_until(lambda: page.locator(f"{cell}[data-met='true']").count() == 1, 30)
    [recorded] = assessed()
    assert recorded["evidence"] == "BB-nháp/2019" and recorded["effective_date"] == "2019-06-03"
    assert page.evaluate(DRAFT_KEYS) == []  # accepted: cleared
    page.click(cell)
    assert page.locator("#assess-form-draft").count() == 0 and page.input_value("#evidence") == ""

    # A draft can be discarded: the form comes back empty, with a new key.
    page.fill("#evidence", "BB-bỏ")
    page.click("#assess-cancel")
    page.click(cell)
    page.click("#assess-form-draft button.draft-discard")
    assert page.input_value("#evidence") == "" and page.locator("#assess-form-draft").count() == 0
    assert page.evaluate(DRAFT_KEYS) == []


def test_a_nomination_draft_survives_a_closed_tab_and_records_once(page, web_stack: Stack, history: History,
                                                                   round_history: RoundHistory,
                                                                   accounts: dict[str, str]):
    code, own = round_history.code, history.communes[TRANG_DINH][6]
    before = api(web_stack, "awards", f"/rounds/{code}")["version"]
    sign_in(page, OFFICER[0], accounts[OFFICER[0]])
    page.wait_for_selector("body[data-ready='/ma-tran']", timeout=60_000)
    visit(page, f"/de-nghi?round={code}")
    no_overflow(page)  # the 1366×768 laptop
    page.click("#nominate-open")
    page.select_option("#n-kind", "district_certificate")
    page.fill("#n-nominee", own)
    page.fill("#n-justification", "Xã có nhiều sáng kiến trong xây dựng nông thôn mới.")
    page.fill("#n-figures", "Số tiêu chí đạt = 16")
    page.fill("#n-submitted", "16/03/2016")
    given = lose_the_answer(page, "submit-nomination")
    page.click("#nominate-submit")
    page.wait_for_selector("#nominate-status .refusal", timeout=30_000)
    wait_until(lambda: api(web_stack, "awards", f"/rounds/{code}")["version"] == before + 1, 30)
    assert len(given) == 1 and 200 <= given[0] < 300

    page = reopened(page, accounts)
    visit(page, f"/de-nghi?round={code}")
    page.click("#nominate-open")
    assert "Bản nháp đã khôi phục" in page.inner_text("#nominate-form-draft")
    assert page.input_value("#n-kind") == "district_certificate" and page.input_value("#n-nominee") == own
    assert page.input_value("#n-figures") == "Số tiêu chí đạt = 16"
    page.click("#nominate-submit")
    page.wait_for_selector("#nominate-ok", timeout=30_000)
    assert api(web_stack, "awards", f"/rounds/{code}")["version"] == before + 1  # recorded once
    recorded = api(web_stack, "awards", f"/rounds/{code}/nominations/district_certificate/{own}")
    assert recorded["submitted_on"] == "2016-03-16" and recorded["achievement_file"]["figures"] == {"Số tiêu chí đạt": 16}
    assert page.evaluate(DRAFT_KEYS) == []


def found(page, query: str) -> list[str]:
    page.fill("#search-input", query)
    page.wait_for_selector(f"#search-results[data-query='{query}']")
    return page.eval_on_selector_all("#search-results li", "items => items.map((i) => i.dataset.code)")


def test_search_with_or_without_diacritics_finds_the_same_units(page, web_stack: Stack, history: History,
                                                                tmp_path: Path):
    visit(page, f"/?as_of={AS_OF}")
    folded, written = found(page, "bac son"), found(page, "Bắc Sơn")
    assert folded == written and BAC_SON in folded
    units = {u["code"]: u for u in api(web_stack, "registry", "/units", as_of=AS_OF)}
    assert all("bắc sơn" in units[c]["name"].lower() for c in folded if c in units)
    assert found(page, "BAC   SON") == folded and TRANG_DINH in found(page, "trang dinh")
    # By keyboard: from the field down the results to the district, Enter opens the dashboard filtered on it.
    found(page, "bac son")
    page.screenshot(path=tmp_path / "search.png")
    page.focus("#search-input")
    for _ in range(len(folded)):
        page.keyboard.press("ArrowDown")
        if page.evaluate("() => document.activeElement.closest('li')?.dataset.code") == BAC_SON:
            break
    page.evaluate("delete document.body.dataset.ready")
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-ready='/']", timeout=60_000)
    assert f"district={BAC_SON}" in page.url and page.input_value("#f-district") == BAC_SON
    # A xã opens its page.
    xa = history.communes[BAC_SON][0]
    found(page, units[xa]["name"])
    page.evaluate("delete document.body.dataset.ready")
    page.click(f"#search-results li[data-code='{xa}'] a")
    page.wait_for_selector("body[data-ready='/xa']", timeout=60_000)
    assert f"code={xa}" in page.url


def test_the_phone_layout_has_no_overflow_a_keyboard_menu_and_passes_axe(browser, web_stack: Stack, history: History,
                                                                          round_history: RoundHistory,
                                                                          accounts: dict[str, str], tmp_path: Path):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=web_stack.url(WEB))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        visit(page, f"/?as_of={AS_OF}")
        page.screenshot(path=tmp_path / "phone-dashboard.png", full_page=True)
        no_overflow(page)
        assert not page.is_visible("header nav a[href='#/dot-khen']")  # folded away
        assert audit(page) == []
        # The menu by keyboard alone: Tab to its button, Enter opens it, a link takes the focus.
        for _ in range(40):
            if page.evaluate("() => document.activeElement?.id") == "menu-button":
                break
            page.keyboard.press("Tab")
        assert page.get_attribute("#menu-button", "aria-expanded") == "false"
        page.keyboard.press("Enter")
        assert page.get_attribute("#menu-button", "aria-expanded") == "true"
        assert page.is_visible("header nav a[href='#/dot-khen']")
        assert audit(page) == []
        no_overflow(page)
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.closest('nav') !== null")
        page.keyboard.press("Escape")
        assert page.get_attribute("#menu-button", "aria-expanded") == "false"
        assert page.evaluate("() => document.activeElement.id") == "menu-button"

        visit(page, f"/dot-khen?round={round_history.code}")
        page.screenshot(path=tmp_path / "phone-round.png", full_page=True)
        no_overflow(page)
        assert audit(page) == []
        sign_in(page, OFFICER[0], accounts[OFFICER[0]])
        page.wait_for_selector("body[data-ready='/ma-tran']", timeout=60_000)
        page.screenshot(path=tmp_path / "phone-grid.png", full_page=True)
        no_overflow(page)
        assert audit(page) == []
        page.click("#criteria-grid button[data-criterion='5']")
        no_overflow(page)
    finally:
        context.close()
    assert not errors, errors

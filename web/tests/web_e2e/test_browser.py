"""The web app in headless Debian Chromium against the real stack: the public dashboard draws the
services' figures, sign-in shows role and scope, a district officer records an assessment in the
grid, and a refusal shows its rule."""
import importlib.util
from fractions import Fraction
from pathlib import Path

import httpx

from thidua_deploy.isolated import WEB, Stack, wait_until

from .conftest import OFFICER
from .history import BAC_SON, TRANG_DINH, History

# On the shared stack (conftest.py): nothing before it assesses a xã; what it records later is its own.
SHARED_STACK = True
AS_OF = "2020-12-31"
SERIES_DATES = [f"{y}-12-31" for y in range(2011, 2021)]


def vi_rate(recognised: int, communes: int) -> str:
    """The report's reading: two decimals, half up from the exact fraction, decimal comma."""
    hundredths = int(Fraction(recognised * 10000, communes) + Fraction(1, 2))
    return f"{hundredths // 100},{hundredths % 100:02d}%"


def api(stack: Stack, service: str, path: str, **params) -> dict:
    answer = httpx.get(f"{stack.url(WEB)}/api/{service}{path}", params=params, timeout=30, trust_env=False)
    assert answer.status_code == 200, answer.text
    return answer.json()


def visit(page, hash_path: str) -> None:
    """Go to a page of the app and wait until every section has drawn (body[data-ready])."""
    if page.url.startswith("http"):
        page.evaluate("delete document.body.dataset.ready")
    page.goto(f"/#{hash_path}")
    page.wait_for_selector(f"body[data-ready='{hash_path.split('?')[0]}']", timeout=60_000)


def open_dashboard(page, query: str) -> None:
    visit(page, f"/?{query}")


def test_public_dashboard_draws_the_services_figures(page, web_stack: Stack, history: History, tmp_path: Path):
    sizes: list[int] = []
    hosts: set[str] = set()
    page.on("requestfinished", lambda r: (sizes.append(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]),
                                          hosts.add(r.url.split("/")[2])))
    open_dashboard(page, f"as_of={AS_OF}")
    page.screenshot(path=tmp_path / "dashboard.png", full_page=True)
    assert hosts == {f"127.0.0.1:{web_stack.ports[WEB]}"}, hosts  # nothing from anywhere else
    assert sum(sizes) < 300_000, sum(sizes)

    report = api(web_stack, "reporting", "/reports/consolidated", as_of=AS_OF)
    province = report["province"]
    assert province["recognised"] == len(history.recognised)
    assert page.inner_text("#province-rate") == vi_rate(province["recognised"], province["communes"])
    assert page.get_attribute("html", "lang") == "vi"
    assert "Tỷ lệ xã đạt chuẩn nông thôn mới" in page.inner_text("#rate-section")

    # The rate line: one point per 31/12 of 2011–2020, each the figure /rates answers for that day.
    points = page.locator("#rate-section circle.point.province")
    assert points.count() == len(SERIES_DATES)
    for i, day in enumerate(SERIES_DATES):
        rates = api(web_stack, "progress", "/rates", as_of=day)["provinces"][0]
        assert points.nth(i).get_attribute("data-recognised") == str(rates["recognised"]), day
        assert points.nth(i).get_attribute("data-communes") == str(rates["communes"]), day
    assert [points.nth(i).get_attribute("data-recognised") for i in range(10)][-1] == "3"
    targets = page.locator("#rate-section circle.target")
    assert sorted((targets.nth(i).get_attribute("data-year"), targets.nth(i).get_attribute("data-target"))
                  for i in range(targets.count())) == [("2015", "0.2"), ("2020", "0.5")]
    assert "Mục tiêu 2015: 20%" in page.inner_text("#rate-section")

    # The ranking: a bar per district with the report's rank and figures, coloured by cluster.
    bars = page.locator("#ranking-section rect.bar")
    assert bars.count() == len(report["districts"]) == 11
    drawn = {bars.nth(i).get_attribute("data-code"): (bars.nth(i).get_attribute("data-rank"),
                                                      bars.nth(i).get_attribute("data-recognised"))
             for i in range(bars.count())}
    assert drawn == {d["code"]: (str(d["rank"]), str(d["recognised"])) for d in report["districts"]}
    bac_son = next(d for d in report["districts"] if d["code"] == BAC_SON)
    row = page.locator(f"#ranking-section tr[data-code='{BAC_SON}']")
    assert vi_rate(bac_son["recognised"], bac_son["communes"]) in row.inner_text()
    assert "Cụm nội địa" in row.inner_text()

    # The heat map: every xã of every district × 19, met where the matrices say so.
    matrices = [api(web_stack, "progress", f"/districts/{d['code']}/matrix", as_of=AS_OF) for d in report["districts"]]
    cells = page.locator("#heat-section rect.cell")
    assert cells.count() == 19 * sum(len(m["communes"]) for m in matrices)
    met = sum(sum(c["met"]) for m in matrices for c in m["communes"])
    assert met == 2 * 19  # Tràng Định's two xã under the 2016 set (Bắc Sơn's were under 2009's)
    assert page.locator("#heat-section rect.cell.met").count() == met
    assert page.locator("#heat-section circle.recognised").count() == len(history.recognised)
    assert "Chưa có kỳ báo cáo nào" in page.inner_text("#reports-section")


def test_filters_as_of_and_district(page, web_stack: Stack, history: History):
    open_dashboard(page, "as_of=2015-12-31")
    page.fill("#f-as-of", "31/12/2016")
    page.select_option("#f-district", BAC_SON)
    page.click("#filter-form button[type=submit]")
    page.wait_for_url(f"**/#/?as_of=2016-12-31&district={BAC_SON}")
    page.wait_for_selector("body[data-ready='/']", timeout=60_000)
    assert page.input_value("#f-as-of") == "31/12/2016"
    district_points = page.locator("#rate-section circle.point.district")
    assert district_points.count() == 6  # 2011–2016
    assert district_points.nth(5).get_attribute("data-recognised") == "2"
    matrix = api(web_stack, "progress", f"/districts/{BAC_SON}/matrix", as_of="2016-12-31")
    assert page.locator("#heat-section rect.cell").count() == 19 * len(matrix["communes"])
    page.fill("#f-as-of", "32/13/2016")
    page.click("#filter-form button[type=submit]")
    assert "dd/mm/yyyy" in page.inner_text("#filter-status")


def sign_in(page, username: str, password: str) -> None:
    page.goto("/#/dang-nhap")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#signin-form button[type=submit]")


def test_sign_in_shows_role_and_scope_and_a_refusal_its_rule(page, accounts: dict[str, str]):
    sign_in(page, OFFICER[0], "not the password")
    refusal = page.wait_for_selector("#signin-status .refusal")
    assert refusal.get_attribute("data-rule") == "AUTH"
    assert refusal.inner_text().startswith("AUTH ") and len(refusal.inner_text()) > 20  # the rule, then its text
    sign_in(page, OFFICER[0], accounts[OFFICER[0]])
    page.wait_for_selector("#who-role")
    assert page.inner_text("#who-user") == OFFICER[0]
    assert page.inner_text("#who-role") == "Cán bộ cấp huyện"
    assert page.get_attribute("#who-scope", "data-scope") == "180"
    page.wait_for_selector("body[data-ready='/ma-tran']", timeout=60_000)  # an officer lands on its grid


def test_officer_records_an_assessment_in_the_grid(page, web_stack: Stack, history: History,
                                                   accounts: dict[str, str], tmp_path: Path):
    commune = history.communes[TRANG_DINH][5]
    before = api(web_stack, "progress", f"/communes/{commune}/criteria", as_of="2019-12-31")
    assert not before["criteria"][0]["met"]
    sign_in(page, OFFICER[0], accounts[OFFICER[0]])
    page.wait_for_selector("body[data-ready='/ma-tran']", timeout=60_000)
    visit(page, "/ma-tran?as_of=2019-12-31")
    cell = page.locator(f"#criteria-grid tr[data-commune='{commune}'] button[data-criterion='1']")
    assert cell.get_attribute("data-met") == "false"
    cell.click()
    page.check("#assess-form input[name=met][value=true]")
    page.fill("#evidence", "BB-12/2019")
    page.fill("#effective-date", "01/06/2019")
    page.dblclick("#assess-submit")  # a double click records once: one idempotency key per opened form
    wait_until(lambda: page.locator(
        f"#criteria-grid tr[data-commune='{commune}'] button[data-criterion='1'][data-met='true']").count() == 1, 30)
    page.screenshot(path=tmp_path / "grid.png", full_page=True)
    history_rows = api(web_stack, "progress", f"/communes/{commune}/history", as_of="2019-12-31")["events"]
    recorded = [e for e in history_rows if e["kind"] == "assessment" and e["criterion"] == 1]
    assert len(recorded) == 1 and recorded[0]["evidence"] == "BB-12/2019"
    assert recorded[0]["effective_date"] == "2019-06-01"
    # The dashboard's heat map shows it too, and counts it in the district's figures.
    open_dashboard(page, f"as_of=2019-12-31&district={TRANG_DINH}")
    heat_cell = page.locator(f"#heat-section rect.cell[data-commune='{commune}'][data-criterion='1']")
    assert heat_cell.get_attribute("data-met") == "true"
    matrix = api(web_stack, "progress", f"/districts/{TRANG_DINH}/matrix", as_of="2019-12-31")
    assert page.locator("#heat-section rect.cell.met").count() == sum(
        sum(bool(m) for m in c["met"]) for c in matrix["communes"])


def test_officer_refused_another_districts_commune_sees_the_rule(page, web_stack: Stack, history: History,
                                                                accounts: dict[str, str], tmp_path: Path):
    sign_in(page, OFFICER[0], accounts[OFFICER[0]])
    page.wait_for_selector("body[data-ready='/ma-tran']", timeout=60_000)
    visit(page, f"/ma-tran?as_of=2019-12-31&district={BAC_SON}")
    commune = history.communes[BAC_SON][6]
    page.click(f"#criteria-grid tr[data-commune='{commune}'] button[data-criterion='2']")
    page.fill("#effective-date", "01/06/2019")
    page.click("#assess-submit")
    refusal = page.wait_for_selector("#assess-status .refusal")
    page.screenshot(path=tmp_path / "refusal.png")
    assert refusal.get_attribute("data-rule") == "AUTH-SCOPE"
    text = refusal.inner_text()
    assert "AUTH-SCOPE" in text and "không được" in text and commune in text
    events = api(web_stack, "progress", f"/communes/{commune}/history", as_of="2019-12-31")["events"]
    assert not [e for e in events if e["kind"] == "assessment" and e["criterion"] == 2]


AXE = Path(importlib.util.find_spec("axe_playwright_python").origin).parent / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def audit(page) -> list[dict]:
    """axe-core run in the page (served from the app's own origin, so its CSP stays as it is): the
    WCAG 2.1 A and AA violations, each with the nodes it found."""
    page.route("**/__axe.min.js", lambda route: route.fulfill(body=AXE.read_bytes(), content_type="text/javascript"))
    page.add_script_tag(url="/__axe.min.js")
    # resultTypes: every rule still runs on every node; only passing nodes' selectors, which the
    # audit does not read, are not all built (seconds on the dashboard's thousands of cells).
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                           " resultTypes: ['violations']})", WCAG_21_AA)
    assert len(result["passes"]) > 10, "axe checked next to nothing"
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]


def test_accessibility_audit_wcag_21_aa(page, web_stack: Stack, history: History, accounts: dict[str, str]):
    open_dashboard(page, f"as_of={AS_OF}&district={TRANG_DINH}")
    assert audit(page) == []
    page.goto("/#/dang-nhap")
    page.wait_for_selector("#signin-form")
    assert audit(page) == []
    sign_in(page, OFFICER[0], accounts[OFFICER[0]])
    page.wait_for_selector("body[data-ready='/ma-tran']", timeout=60_000)
    assert audit(page) == []
    page.click("#criteria-grid button[data-criterion='3']")
    assert audit(page) == []


def _tab_to(page, selector: str, presses: int = 400) -> None:
    """Press Tab until the element matching `selector` has the focus (bounded)."""
    for _ in range(presses):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never took the focus in {presses} Tab presses")


def test_an_officer_signs_in_and_records_an_assessment_by_keyboard_alone(page, web_stack: Stack, history: History,
                                                                         accounts: dict[str, str]):
    matrix = api(web_stack, "progress", f"/districts/{TRANG_DINH}/matrix", as_of="2019-12-31")
    commune = next(c["code"] for c in matrix["communes"][::-1] if not c["met"][1])  # criterion 2 not met
    page.goto("/#/dang-nhap")
    page.wait_for_selector("#username:focus", timeout=30_000)  # the form takes the focus
    page.keyboard.type(OFFICER[0])
    page.keyboard.press("Tab")
    page.keyboard.type(accounts[OFFICER[0]])
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-ready='/ma-tran']", timeout=60_000)
    visit(page, "/ma-tran?as_of=2019-12-31")
    _tab_to(page, f"#criteria-grid tr[data-commune='{commune}'] button[data-criterion='2']")
    page.keyboard.press("Enter")
    page.wait_for_selector("#assess-dialog[open]")
    _tab_to(page, "#assess-form input[name=met]")
    for _ in range(3):  # the radio group: arrows move the choice, Space takes the focused one
        if page.evaluate("() => document.querySelector('#assess-form input[name=met][value=true]').checked"):
            break
        focused_value = page.evaluate("() => document.activeElement.value")
        page.keyboard.press("Space" if focused_value == "true" else "ArrowUp")
    _tab_to(page, "#evidence")
    page.keyboard.type("BB-7/2019")
    _tab_to(page, "#effective-date")
    page.keyboard.press("Control+A")
    page.keyboard.type("02/07/2019")
    page.keyboard.press("Enter")
    wait_until(lambda: page.locator(
        f"#criteria-grid tr[data-commune='{commune}'] button[data-criterion='2'][data-met='true']").count() == 1, 30)
    events = api(web_stack, "progress", f"/communes/{commune}/history", as_of="2019-12-31")["events"]
    recorded = [e for e in events if e["kind"] == "assessment" and e["criterion"] == 2 and e["evidence"] == "BB-7/2019"]
    assert len(recorded) == 1 and recorded[0]["effective_date"] == "2019-07-02" and recorded[0]["met"] is True

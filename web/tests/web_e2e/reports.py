"""Shared by the periodic-reports browser tests (test_reports_officer, test_reports_board): the
accounts' names, the board's API calls the tests use as setup or as the truth, and the page's
sign-in and form steps."""
from thidua_deploy.isolated import Stack

from .conftest import OFFICER
from .test_browser import sign_in

BOARD = "ban-thi-dua"


def open_by_api(stack: Stack, period: dict) -> dict:
    """The same terms as the browser's: `unchanged` when the browser opened it already."""
    body = {k: v for k, v in period.items() if k != "code"}
    with stack.client("reporting") as board:
        answer = board.post("/commands/open-period", json=body, headers={"Idempotency-Key": f"t-open-{period['code']}"})
        assert answer.status_code < 300, answer.text
        return answer.json()


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

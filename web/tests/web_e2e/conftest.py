"""The web app's browser tests run against one real stack per module (the four services and the
web app as processes, on the session's Kafka and PostgreSQL) and one headless Debian Chromium."""
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from thidua_deploy.accounts import create_account, create_admin, read_password
from thidua_deploy.isolated import SERVICES, WEB, Stack
from thidua_deploy.supervisor import wait_http_ok
from thidua_kernel.kafka_access import KafkaAccess

from .history import History, record

TOKENS = Path(__file__).resolve().parents[3] / "tests" / "tokens.test.json"
CHROMIUM = "/usr/bin/chromium"
# As polyglot.md gives them: without the background-networking flags Chromium keeps knocking on
# this machine's closed network.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OFFICER = ("huyen-trang-dinh", "district_officer", "180")


@pytest.fixture(scope="module")
def web_stack(tmp_path_factory: pytest.TempPathFactory, kafka_admin: KafkaAccess, database_url: str,
              pg_role_passwords: Path) -> Iterator[Stack]:
    stack = Stack(tmp_path_factory.mktemp("web-stack"), kafka_admin, database_url, TOKENS, pg_role_passwords)
    try:
        for name in SERVICES:  # the dashboard is public: anonymous reads granted, as `make demo` does
            stack.start(name, wait=False, THIDUA_PUBLIC_READ="true")
        stack.start(WEB, wait=False)
        for name in (*SERVICES, WEB):
            wait_http_ok(f"{stack.url(name)}/health", 60, pid=stack.pids[name])
        yield stack
    finally:
        stack.stop_all()


@pytest.fixture(scope="module")
def history(web_stack: Stack) -> History:
    return record(web_stack)


@pytest.fixture(scope="module")
def accounts(web_stack: Stack, history: History) -> dict[str, str]:
    """Real accounts (bootstrap administrator, then a district officer through the API): user -> password."""
    folder = web_stack.run_dir / "accounts"
    create_admin(web_stack.env("registry"), "ban-thi-dua", folder)
    with web_stack.client("registry") as board:
        create_account(board, web_stack.url("registry"), folder, *OFFICER)
    return {u: read_password(folder, u) for u in ("ban-thi-dua", OFFICER[0])}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium for all the browser tests (they are this one module). Module-scoped, not
    session-scoped: Playwright's sync API keeps an event loop running in this thread while it is
    open, and later tests' asyncio.run() would refuse to start under it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, web_stack: Stack) -> Iterator[object]:
    """A fresh context per test (no session kept), at a laptop's size, with Vietnamese as its language."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN",
                                  base_url=web_stack.url(WEB))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"the page threw: {errors}"


def today_vn() -> str:
    return (datetime.now(timezone.utc) + timedelta(hours=7)).date().isoformat()


@pytest.fixture(scope="module")
def period(history: History) -> dict:
    """The terms the board opens in the browser: this year's yearly period, due 15/01 next year."""
    year = int(today_vn()[:4])
    return {"kind": "year", "year": year, "due_on": f"{year + 1}-01-15", "grace_days": 10, "code": str(year)}

"""The web app's browser tests run against a real stack (the four services and the web app as
processes, on the session's Kafka and PostgreSQL): one per module, or one shared by the modules that
say `SHARED_STACK = True`; and one headless Debian Chromium."""
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


def _started(tmp_path_factory: pytest.TempPathFactory, kafka_admin: KafkaAccess, database_url: str,
             pg_role_passwords: Path) -> Stack:
    stack = Stack(tmp_path_factory.mktemp("web-stack"), kafka_admin, database_url, TOKENS, pg_role_passwords)
    try:
        for name in SERVICES:  # the dashboard is public: anonymous reads granted, as `make demo` does
            stack.start(name, wait=False, THIDUA_PUBLIC_READ="true")
        stack.start(WEB, wait=False)
        for name in (*SERVICES, WEB):
            wait_http_ok(f"{stack.url(name)}/health", 60, pid=stack.pids[name])
    except BaseException:
        stack.stop_all()
        raise
    return stack


@pytest.fixture(scope="package")
def shared_web_stack(tmp_path_factory: pytest.TempPathFactory, kafka_admin: KafkaAccess, database_url: str,
                     pg_role_passwords: Path) -> Iterator[Stack]:
    """One stack for the modules that say `SHARED_STACK = True` (a stack, its history and accounts
    cost ~15 s). They run in file order, each on what the earlier ones recorded: a module shares
    only when its tests hold whatever the others record (their own units, nominees and dates)."""
    stack = _started(tmp_path_factory, kafka_admin, database_url, pg_role_passwords)
    try:
        yield stack
    finally:
        stack.stop_all()


@pytest.fixture(scope="module")
def web_stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, kafka_admin: KafkaAccess,
              database_url: str, pg_role_passwords: Path) -> Iterator[Stack]:
    """The module's own stack, or the shared one when the module says `SHARED_STACK = True`."""
    if getattr(request.module, "SHARED_STACK", False):
        yield request.getfixturevalue("shared_web_stack")
        return
    stack = _started(tmp_path_factory, kafka_admin, database_url, pg_role_passwords)
    try:
        yield stack
    finally:
        stack.stop_all()


# Recorded once per stack: the modules sharing a stack share its history and accounts too.
_histories: dict[str, History] = {}
_accounts: dict[str, dict[str, str]] = {}


@pytest.fixture(scope="module")
def history(web_stack: Stack) -> History:
    if web_stack.id not in _histories:
        _histories[web_stack.id] = record(web_stack)
    return _histories[web_stack.id]


@pytest.fixture(scope="module")
def accounts(web_stack: Stack, history: History) -> dict[str, str]:
    """Real accounts (bootstrap administrator, then a district officer through the API): user -> password."""
    if web_stack.id not in _accounts:
        folder = web_stack.run_dir / "accounts"
        create_admin(web_stack.env("registry"), "ban-thi-dua", folder)
        with web_stack.client("registry") as board:
            create_account(board, web_stack.url("registry"), folder, *OFFICER)
        _accounts[web_stack.id] = {u: read_password(folder, u) for u in ("ban-thi-dua", OFFICER[0])}
    return dict(_accounts[web_stack.id])


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    """One Chromium for all the browser tests (they are this one package). Package-scoped, not
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

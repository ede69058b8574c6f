"""The audit trail page (#/nhat-ky), in headless Chromium against the real stack: opened from a
xã's page (a criterion's row, and the xã's own link), its rows are the API's events in order with
who, day and document, a row's correlation chain opens and lists the API's chain, and axe finds
no WCAG 2.1 A/AA violation."""
import os
from pathlib import Path

import httpx

from thidua_deploy.isolated import WEB, Stack, wait_until

from .history import History
from .test_browser import api, audit, visit

# On the shared stack (conftest.py): its xã, Bắc Sơn's second recognised, is touched by no other module.
SHARED_STACK = True
AS_OF = "2020-12-31"
CRITERION = 5


def rows_of(page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all("#audit-events tbody tr", """rows => rows.map(r => [r.dataset.eventId,
        r.dataset.type])""")


def shot(page, tmp_path: Path, name: str) -> None:
    page.screenshot(path=tmp_path / name, full_page=True)
    folder = os.environ.get("THIDUA_SCREENSHOTS")  # a place a person can look at them after the run
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(folder) / name, full_page=True)


def test_the_trail_opens_from_a_communes_page_and_equals_the_api(page, web_stack: Stack, history: History,
                                                                  tmp_path: Path):
    code = history.recognised[1]  # a xã of Bắc Sơn: its district's matrix (all 19), then its recognition

    def indexed() -> dict | None:  # the event index follows the topics: wait for the recognition
        answer = httpx.get(f"{web_stack.url(WEB)}/api/reporting/audit/criterion/{code}/{CRITERION}",
                           params={"as_of": AS_OF}, timeout=30, trust_env=False)
        if answer.status_code == 404:  # the xã itself not indexed yet (seen under load)
            return None
        assert answer.status_code == 200, answer.text
        trail = answer.json()
        return trail if any(e["type"] == "CommuneRecognised" for e in trail["events"]) else None

    expected = wait_until(indexed, 60)
    visit(page, f"/xa?code={code}&as_of={AS_OF}")
    page.click(f"#commune-events a[data-audit='criterion/{code}/{CRITERION}']")
    page.wait_for_selector("body[data-ready='/nhat-ky']", timeout=60_000)
    assert rows_of(page) == [[e["event_id"], e["type"]] for e in expected["events"]]
    assert [e["type"] for e in expected["events"]] == ["CriteriaAssessed", "CommuneRecognised"]
    assert page.inner_text("#audit-subject") == f"criterion/{code}/{CRITERION}"
    for e in expected["events"]:  # anonymous reader: the office that acted, its account withheld
        text = page.inner_text(f"#audit-events tr[data-event-id='{e['event_id']}']")
        assert e["actor"]["principal_withheld"] and "(ẩn danh tính)" in text and e["actor"]["scope"] in text
        day = e["day"]
        assert f"{day[8:10]}/{day[5:7]}/{day[:4]}" in text and (e["document_number"] or "—") in text
    recognition = expected["events"][-1]
    assert recognition["document_number"] == f"{code}/QĐ-UBND"

    row = f"#audit-events tr[data-event-id='{recognition['event_id']}']"
    page.click(f"{row} details.chain summary")
    chain = page.eval_on_selector_all(f"{row} details.chain li", "items => items.map(i => i.dataset.eventId)")
    assert chain == [e["event_id"] for e in recognition["chain"]["events"]] and recognition["event_id"] in chain
    assert page.is_visible(f"{row} details.chain li.self")
    shot(page, tmp_path, "audit-criterion.png")
    assert audit(page) == []

    visit(page, f"/xa?code={code}&as_of={AS_OF}")  # the xã's own trail
    page.click(f"#commune-section a[data-audit='unit/{code}']")
    page.wait_for_selector("body[data-ready='/nhat-ky']", timeout=60_000)
    unit = api(web_stack, "reporting", f"/audit/unit/{code}", as_of=AS_OF)
    assert rows_of(page) == [[e["event_id"], e["type"]] for e in unit["events"]]
    assert unit["events"][0]["type"] == "UnitRegistered" and len(unit["events"]) == 3
    shot(page, tmp_path, "audit-unit.png")


def test_an_unknown_subject_shows_its_rule(page, web_stack: Stack, history: History):
    visit(page, "/nhat-ky?kind=unit&id=99999")
    assert page.get_attribute("#audit-section .refusal", "data-rule") == "U1"
    visit(page, "/nhat-ky?kind=criterion&id=06034/20")
    assert page.get_attribute("#audit-section .refusal", "data-rule") == "P1"

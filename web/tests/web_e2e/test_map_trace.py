"""The map of xã, the figures' links to the events behind them (a heat-map cell's: its criterion's
audit trail) and a xã's history page, in headless Chromium against the real stack, each checked
against the APIs' answers."""
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from thidua_deploy.isolated import Stack, wait_until

from .history import BAC_SON, History, command
from .test_browser import api, audit, visit

# On the shared stack (conftest.py): its own xã and dates (2021); the figures it checks come from the APIs.
SHARED_STACK = True
AS_OF = "2021-06-30"  # the history's events, and one xã of Bắc Sơn brought near the standard in 2021


@pytest.fixture(scope="module")
def near_commune(web_stack: Stack, history: History) -> str:
    """A xã of Bắc Sơn with 17 of the 19 criteria met under the 2016 set, effective 2021 (after the
    days the other module's tests read)."""
    code = history.communes[BAC_SON][3]
    with web_stack.client("progress") as progress:
        command(progress, "assess-district-matrix", {"district_code": BAC_SON, "effective_date": "2021-03-01",
                "cells": [{"commune_code": code, "criterion": n, "met": n <= 17} for n in range(1, 20)]},
                "web-map-near")
        wait_until(lambda: progress.get(f"/communes/{code}/criteria", params={"as_of": AS_OF}).json()["met_count"] == 17,
                   60)
    return code


def expected_statuses(stack: Stack, district: str | None = None) -> dict[str, str]:
    """Each xã's standing as the APIs give it: recognised, 19/19 met, near the standard (progress's
    own list), the rest."""
    report = api(stack, "reporting", "/reports/consolidated", as_of=AS_OF)
    near = {c["code"] for c in api(stack, "progress", "/communes/near-standard", as_of=AS_OF)["communes"]}
    statuses = {}
    for d in [district] if district else [d["code"] for d in report["districts"]]:
        for c in api(stack, "progress", f"/districts/{d}/matrix", as_of=AS_OF)["communes"]:
            statuses[c["code"]] = ("recognised" if c["recognised"] else "all-met" if c["met_count"] == 19
                                   else "near" if c["code"] in near else "other")
    return statuses


def drawn_points(page) -> list[dict]:
    return page.eval_on_selector_all("#map-section circle.commune-point", """marks => marks.map(m => ({
        code: m.dataset.commune, status: m.dataset.status, x: Number(m.getAttribute('cx')),
        title: m.querySelector('title').textContent, href: m.parentElement.getAttribute('href')}))""")


def test_map_draws_every_commune_coloured_by_its_standing(page, web_stack: Stack, history: History,
                                                           near_commune: str, tmp_path: Path):
    visit(page, f"/?as_of={AS_OF}")
    page.screenshot(path=tmp_path / "map-dashboard.png", full_page=True)
    statuses = expected_statuses(web_stack)
    points = drawn_points(page)
    assert {p["code"]: p["status"] for p in points} == statuses and len(points) == len(statuses)
    assert statuses[near_commune] == "near" and sorted(set(statuses.values())) == ["all-met", "near", "other",
                                                                                 "recognised"]
    # Placed by the registry's coordinates: east of another xã is right of it on the map.
    units = {u["code"]: u for u in api(web_stack, "registry", "/units", as_of=AS_OF, level="commune")}
    by_longitude = sorted(points, key=lambda p: units[p["code"]]["longitude"])
    assert [p["x"] for p in by_longitude] == sorted(p["x"] for p in points)
    recognised = next(p for p in points if p["code"] == history.recognised[0])
    assert units[recognised["code"]]["name"] in recognised["title"] and "công nhận" in recognised["title"]
    for status in ("recognised", "all-met", "near", "other"):
        legend = page.inner_text(f"#map-legend li[data-status='{status}']")
        assert legend.endswith(f": {list(statuses.values()).count(status)}"), legend
    assert page.locator("#map-section text.district-label").count() == 11
    assert audit(page) == []

    visit(page, f"/?as_of={AS_OF}&district={BAC_SON}")  # the map follows the district filter
    assert {p["code"]: p["status"] for p in drawn_points(page)} == expected_statuses(web_stack, BAC_SON)


def figure_of(href: str) -> tuple[str, str]:
    query = parse_qs(urlsplit(href.split("#", 1)[1]).query)
    return query["figure"][0], query["as_of"][0]


def test_each_figure_opens_the_events_behind_it(page, web_stack: Stack, history: History, tmp_path: Path):
    visit(page, "/?as_of=2020-12-31")
    hrefs = page.eval_on_selector_all("a[href^='#/su-kien']", "links => links.map(a => a.getAttribute('href'))")
    figures = {figure_of(h) for h in hrefs}
    assert ("province/rate", "2015-12-31") in figures and ("districts/185/rank", "2020-12-31") in figures
    one_of_each = {re.sub(r"/[^/]*\d[^/]*(?=/)", "/*", f): (f, day) for f, day in sorted(figures)}
    for figure, day in one_of_each.values():  # every kind of link names a figure the trace knows
        api(web_stack, "reporting", "/reports/consolidated/trace", figure=figure, as_of=day)

    page.click(f"#ranking-section tr[data-code='{BAC_SON}'] a.trace[data-figure='districts/{BAC_SON}/rate']")
    page.wait_for_selector("body[data-ready='/su-kien']", timeout=60_000)
    page.screenshot(path=tmp_path / "trace.png", full_page=True)
    trace = api(web_stack, "reporting", "/reports/consolidated/trace", figure=f"districts/{BAC_SON}/rate",
                as_of="2020-12-31")
    rows = page.locator("#trace-events tbody tr")
    assert [(rows.nth(i).get_attribute("data-event-id"), rows.nth(i).get_attribute("data-type"))
            for i in range(rows.count())] == [(e["event_id"], e["type"]) for e in trace["events"]]
    recognitions = [e for e in trace["events"] if e["type"] == "CommuneRecognised"]
    assert sorted(e["aggregate"]["id"] for e in recognitions) == sorted(c for c in history.recognised
                                                                       if c in history.communes[BAC_SON])
    first = page.locator(f"#trace-events tr[data-event-id='{recognitions[0]['event_id']}']").inner_text()
    assert f"{recognitions[0]['aggregate']['id']}/QĐ-UBND" in first
    assert recognitions[0]["actor"]["principal_withheld"] and "(ẩn danh tính) Ban Thi đua" in first  # read in public
    assert recognitions[0]["correlation_id"] in first
    assert json.loads(page.get_attribute("#trace-value", "data-value")) == trace["value"]
    assert page.inner_text("#trace-value").startswith(f"{trace['value'] * 100:.2f}%".replace(".", ","))  # a rate
    assert audit(page) == []

    visit(page, "/?as_of=2020-12-31")  # a point of the rate line: the report's province rate that day
    page.click("#rate-section a[href*='as_of=2015-12-31'] circle.point.province")
    page.wait_for_selector("body[data-ready='/su-kien']", timeout=60_000)
    at_2015 = api(web_stack, "reporting", "/reports/consolidated/trace", figure="province/rate", as_of="2015-12-31")
    assert page.inner_text("#trace-figure") == "province/rate"
    assert page.locator("#trace-events tbody tr").count() == len(at_2015["events"])


def test_a_communes_page_lists_its_history(page, web_stack: Stack, history: History, tmp_path: Path):
    code = history.recognised[0]
    visit(page, f"/?as_of={AS_OF}")
    page.click(f"#map-section a circle[data-commune='{code}']")  # from its point on the map
    page.wait_for_selector("body[data-ready='/xa']", timeout=60_000)
    page.screenshot(path=tmp_path / "commune.png", full_page=True)
    events = api(web_stack, "progress", f"/communes/{code}/history", as_of=AS_OF)["events"]
    rows = page.locator("#commune-events tbody tr")
    assert [(rows.nth(i).get_attribute("data-kind"), rows.nth(i).get_attribute("data-version"))
            for i in range(rows.count())] == [(e["kind"], str(e["stream_version"])) for e in events]
    assert [e["kind"] for e in events].count("assessment") == 19
    recognition = next(e for e in events if e["kind"] == "recognition")
    row = page.locator(f"#commune-events tr[data-kind='recognition'][data-version='{recognition['stream_version']}']")
    trace = api(web_stack, "reporting", "/reports/consolidated/trace", figure=f"districts/{BAC_SON}/rate", as_of=AS_OF)
    recorded = next(e for e in trace["events"] if e["aggregate"]["id"] == code and e["type"] == "CommuneRecognised")
    text = row.inner_text()
    assert f"{code}/QĐ-UBND" in text and "01/03/2015" in text and recorded["actor"]["principal_id"] is None
    assert "(ẩn danh tính) Ban Thi đua" in text
    assert recorded["correlation_id"] in text
    assessment = next(e for e in events if e["kind"] == "assessment")  # who recorded it: progress's own answer
    row = page.locator(f"#commune-events tr[data-kind='assessment'][data-version='{assessment['stream_version']}']"
                       f"[data-criterion='{assessment['criterion']}']")
    assert assessment["actor"]["principal_withheld"] and "(ẩn danh tính)" in row.inner_text()
    assert assessment["correlation_id"] in row.inner_text()
    assert audit(page) == []


def hash_query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url.split("#", 1)[1]).query)


def indexed_trail(stack: Stack, code: str, criterion: int) -> dict:
    """The criterion's trail once reporting's event index holds every assessment of it progress
    lists (the index follows the topics), with the recognitions deciding the xã."""
    history = api(stack, "progress", f"/communes/{code}/history", as_of=AS_OF)["events"]
    behind = {e["event_id"] for e in history if e["kind"] != "assessment" or e["criterion"] == criterion}

    def complete() -> dict | None:
        trail = api(stack, "reporting", f"/audit/criterion/{code}/{criterion}", as_of=AS_OF)
        return trail if behind <= {e["event_id"] for e in trail["events"]} else None

    return wait_until(complete, 60)


def cell(code: str, criterion: int) -> str:
    return f"#heat-section rect.cell[data-commune='{code}'][data-criterion='{criterion}']"


def test_a_heat_map_cell_opens_its_criterions_trail(page, web_stack: Stack, history: History, near_commune: str,
                                                    tmp_path: Path):
    recognised = history.recognised[0]
    verdicts = set()
    for code, criterion in ((near_commune, 5), (near_commune, 18), (recognised, 5)):
        expected = indexed_trail(web_stack, code, criterion)
        visit(page, f"/?as_of={AS_OF}")
        drawn_met = page.get_attribute(cell(code, criterion), "data-met")
        verdicts.add(drawn_met)
        page.click(cell(code, criterion))
        page.wait_for_selector("body[data-ready='/nhat-ky']", timeout=60_000)
        assert {k: v for k, v in hash_query(page).items() if k != "known_at"} == {
            "kind": ["criterion"], "id": [f"{code}/{criterion}"], "as_of": [AS_OF]}
        rows = page.eval_on_selector_all("#audit-events tbody tr", "rows => rows.map(r => r.dataset.eventId)")
        assert rows == [e["event_id"] for e in expected["events"]] and expected["total"] == len(rows)
        # The cell agrees with the latest assessment the trail lists, as of as_of (progress's fold
        # order: effective date, then stream version; its history gives each assessment's verdict
        # and set): met when that assessment is met under the set in force (P2/P4).
        listed = set(rows)
        assessments = [e for e in api(web_stack, "progress", f"/communes/{code}/history", as_of=AS_OF)["events"]
                       if e["kind"] == "assessment" and e["criterion"] == criterion and e["event_id"] in listed]
        assert assessments, "the trail lists the cell's assessments"
        latest = assessments[-1]
        in_force = api(web_stack, "progress", f"/districts/{BAC_SON}/matrix", as_of=AS_OF)["criteria_set"]["set_id"]
        assert drawn_met == str(latest["met"] and latest["criteria_set_id"] == in_force).lower()
        types = {e["type"] for e in expected["events"]}
        assert ("CommuneRecognised" in types) == (code == recognised)
    assert verdicts == {"true", "false"}  # a met cell and an unmet one
    page.screenshot(path=tmp_path / "cell-trail.png", full_page=True)

    # The keyboard: the cells are one stop (arrow keys between them, Enter opens), each row's "CN"
    # mark its own stop, to the xã's page.
    visit(page, f"/?as_of={AS_OF}")
    links = "sel => [...document.querySelectorAll(sel)].map(mark => mark.parentElement)"  # native CSS, no :has()
    stops = page.evaluate(f"sel => ({links})(sel).filter(a => a.tabIndex >= 0).length", "#heat-section rect.cell")
    assert stops == 1
    page.evaluate(f"sel => ({links})(sel)[0].focus()", cell(near_commune, 5))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.firstElementChild.dataset.criterion") == "7"
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-ready='/nhat-ky']", timeout=60_000)
    assert hash_query(page)["id"] == [f"{near_commune}/7"]
    visit(page, f"/?as_of={AS_OF}")
    mark = f"#heat-section circle[data-commune='{near_commune}']"
    assert page.evaluate(f"sel => ({links})(sel).map(a => [a.tagName, a.getAttribute('tabindex')])", mark) == [["a", None]]
    page.evaluate(f"sel => ({links})(sel)[0].focus()", mark)
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-ready='/xa']", timeout=60_000)
    assert hash_query(page)["code"] == [near_commune]

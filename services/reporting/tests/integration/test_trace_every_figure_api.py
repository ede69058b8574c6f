"""Issue 9: every figure of every report can be traced, over the real broker and database. Registry,
progress, awards and reporting in this process; a history recorded through their APIs (units, two
departments, a province pilot, a registration, a pledge, a plan, a cluster, a target, a xã of 180
recognised then revoked, one of 185 recognised in 2013 and one of 182 in 2017, a round of awards
run to a conferral, a period with a late report, an inspection with an overdue action and a
proposal). For the consolidated report, the yearly summaries of 2012, 2015 and 2016 and both thematic
reports, GET /reports/{kind}/traces answers every figure: none without a rule, constants marked
and standing on nothing, every other non-zero number on at least one event, every event named
published on its topic or in reporting's own store, and a few figures' events exactly those the
test recorded; a figure's events are those /trace gives it alone."""
import asyncio
from typing import Any

import pytest

from contracts.topics import AWARDS_EVENTS, PROGRESS_EVENTS, REGISTRY_EVENTS
from thidua_deploy.isolated import read_topic
from thidua_deploy.recorded_history import (board_records, event_of, first_xa, ok, recognised_then_revoked,
                                            register_departments, summary_round)

pytestmark = pytest.mark.asyncio(loop_scope="function")

BOARD, VIEWER = "demo-province-board", "demo-viewer"
OWN = {"reporting_period", "submission", "inspection", "proposal", "issued_report"}
SO = "tk-2011-2015/bk-so/SNNPTNT"
QUESTIONS = {  # each report (its kind) as its own endpoint is asked
    "consolidated": ("consolidated", {"as_of": "2016-06-30"}), "yearly-2012": ("yearly-summary", {"year": 2012}),
    "yearly-2015": ("yearly-summary", {"year": 2015}),
    "yearly-2016": ("yearly-summary", {"year": 2016}), "thematic-2011-2015": ("thematic", {"plan": "2011-2015"}),
    "thematic-2016-2020": ("thematic", {"plan": "2016-2020"}),
}


async def test_every_figure_of_every_report_is_traced(stack, kafka_admin) -> None:
    s = await stack(("registry", BOARD), ("progress", BOARD), ("awards", BOARD), ("reporting", VIEWER))
    registry, progress, awards, api = (s.clients[n] for n in ("registry", "progress", "awards", "reporting"))
    recorded = await _history(s, registry, progress, awards, api)

    async def traces(name: str) -> dict[str, Any]:
        kind, question = QUESTIONS[name]
        answer = await api.get(f"/reports/{kind}/traces", params=question)
        assert answer.status_code == 200, answer.text
        return answer.json()

    async def all_seen() -> dict[str, dict[str, Any]] | None:
        found = {name: await traces(name) for name in QUESTIONS}
        awarded = found["thematic-2011-2015"]["figures"].get("awards/counts/conferred", {}).get("value")
        phase2 = found["thematic-2016-2020"]["figures"]["trend/province/years/2017/recognised"]["value"]
        indexed = all(not t["not_indexed"] for t in found.values())
        return found if awarded == 1 and phase2 == 2 and indexed else None  # 185's of 2013 and 182's

    found = await s.wait_until(all_seen)
    published = await _published(kafka_admin, s.stack_id)
    own = {str(r[0]) for r in await s.db.fetch(f'SELECT event_id FROM "{s.schema}".events')}
    for name, answer in found.items():
        _every_figure_traced(name, answer, set(published), own)
    _exact_events(found, recorded, published)
    # One computation for all, the same answer as one figure at a time.
    for name, figure in (("yearly-2012", "pledges/SNNPTNT+185/effective_from"), ("yearly-2012", "plans/QH-185/status"),
                         ("thematic-2011-2015", "milestones/2013-2015-rollout/status")):
        kind, question = QUESTIONS[name]
        one = (await api.get(f"/reports/{kind}/trace", params={**question, "figure": figure})).json()
        assert [e["event_id"] for e in one["events"]] == found[name]["figures"][figure]["events"] != []
        assert (one["value"], one["reading"]) == (found[name]["figures"][figure]["value"],
                                                  found[name]["figures"][figure]["reading"])


async def _history(s, registry, progress, awards, api) -> dict[str, Any]:
    commune, recognised, revoked = await recognised_then_revoked(registry, progress, "180")
    await register_departments(registry)
    await ok(registry, "designate-pilot", {"unit_code": "185", "level": "province", "effective_from": "2011-12-16",
                                           "document_number": "108/KH-UBND"})
    movement = event_of(await ok(registry, "register-movement", {"unit_code": "185", "registered_on": "2011-12-20"}))
    await ok(registry, "pledge-support", {"supporter_code": "SNNPTNT", "supported_code": "185",
                                          "effective_from": "2012-01-01"})
    await ok(registry, "set-plan-deadline", {"plan_code": "QH-185", "owner_code": "185", "title": "Đề án NTM huyện",
                                             "due_date": "2012-02-29", "document_number": "108/KH-UBND"})
    await ok(registry, "submit-plan", {"plan_code": "QH-185", "submitted_on": "2012-03-15",
                                       "document_number": "QH-185/KH"})
    await ok(registry, "form-cluster", {"code": "border", "name": "Cụm 5 huyện biên giới", "effective_from": "2012-01-01",
                                        "member_codes": ["180", "182", "183", "188", "189"],
                                        "document_number": "108/KH-UBND"})
    await ok(progress, "set-target", {"unit_code": "20", "year": 2015, "ntm_rate": 0.2})
    later = {}
    for district, day in (("185", "2013-10-01"), ("182", "2017-03-01")):
        xa = await first_xa(progress, district)
        await ok(progress, "assess-district-matrix", {"district_code": district, "effective_date": day, "cells": [
            {"commune_code": xa, "criterion": n, "met": True} for n in range(1, 20)]})
        later[district] = (xa, event_of(await ok(progress, "recognise-commune", {
            "commune_code": xa, "district_code": district, "document_number": f"{district}/QĐ-UBND",
            "effective_date": day})))

    async def both_know_the_departments() -> bool:
        seen = [await s.db.fetchval(f'SELECT count(DISTINCT code) FROM "{schema}".ntm_participants')
                for schema in (s.schema, s.schema.replace("reporting_", "awards_", 1))]
        return seen == [2, 2]

    await s.wait_until(both_know_the_departments)
    return {"commune": commune, "recognised": recognised, "revoked": revoked, "movement": movement,
            "later": later, "round": await summary_round(awards), "records": await board_records(api)}


def _every_figure_traced(name: str, answer: dict[str, Any], published: set[str], own: set[str]) -> None:
    figures, events = answer["figures"], answer["events"]
    assert answer["untraced"] == [] and len(figures) > 50, (name, answer["untraced"])
    for figure, f in figures.items():
        value = f["value"]
        if f["constant"]:
            assert f["events"] == [], (name, figure)
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and value != 0:
            assert f["events"], (name, figure, f["family"])  # a non-zero count or rate stands on something
    named = {e for f in figures.values() for e in f["events"]}
    assert named == set(events) and named
    for event_id, e in events.items():
        assert e["event_id"] == event_id and e["type"] and e["day"] and e["actor"]["role"], e
        assert (e["actor"]["principal_id"], e["actor"]["principal_withheld"]) == (None, True), e  # a viewer reads
        assert event_id in (own if e["aggregate"]["type"] in OWN else published), (name, e)
    constants = {"consolidated": "pilots/minimum_per_district", "yearly-2012": "start", "yearly-2015": "year",
                 "yearly-2016": "year_over",
                 "thematic-2011-2015": "milestones/2011-launch/date", "thematic-2016-2020": "awards/as_of"}
    assert figures[constants[name]]["constant"] is True


def _exact_events(found: dict[str, dict[str, Any]], recorded: dict[str, Any],
                  published: dict[str, dict[str, Any]]) -> None:
    def ids(name: str, figure: str) -> set[str]:
        return set(found[name]["figures"][figure]["events"])

    def unit_events(*codes: str, under: str | None = None) -> set[str]:
        return {i for i, r in published.items() if r["aggregate_type"] == "unit" and (
            r["aggregate_id"] in codes
            or (under and (r["payload"].get("parent_code"), r["payload"].get("unit_type")) == (under, "rural_commune")))}

    records, inspected = recorded["records"], unit_events("180")
    inspection = {records["inspection"]["event_id"]}
    assert ids("consolidated", "inspections/inspections/KT-2016-01/actions/A1/days_overdue") == inspection | inspected
    # R3's own list of overdue actions (2016), and 2015-H2's late report, dated 2016-02-01, after the
    # summary's as_of: the period is judged on known_at's day, its streams read to that day.
    assert ids("yearly-2016", "inspections/overdue_actions/A1/days_overdue") == inspection | inspected
    late = ids("yearly-2015", "periodic_reports/2015-H2/units/185/submitted")
    assert late == {records["opened"]["event_id"], *(e["event_id"] for e in records["185"])}
    # R4's round at its section's own day (2016 steps after the plan's end): definition and 5 steps.
    steps = ids("thematic-2011-2015", f"awards/rounds/tk-2011-2015/nominations/{SO.replace('/', '%2F')}/status")
    assert steps == {e["event_id"] for e in (*recorded["round"]["round"], *recorded["round"][SO])}
    # R5: the 2015 summary's 180 on its revocation; the launch on the registration; phase 2 on the 2017 recognition.
    summary = ids("thematic-2011-2015", "milestones/2015-summary/facts/districts/180/recognised")
    assert summary == unit_events("180", under="180") | {recorded["revoked"]["event_id"]}
    launch = ids("thematic-2011-2015", "milestones/2011-launch/facts/movement_registrations/185/registered_on")
    assert launch == {recorded["movement"]["event_id"]} | unit_events("185")
    xa, recognition = recorded["later"]["182"]
    phase2 = ids("thematic-2016-2020", f"milestones/2016-2020-phase2/facts/recognitions/recognised/{xa}/decision_number")
    assert phase2 == {recognition["event_id"]} | unit_events(xa)


async def _published(kafka, stack_id: str) -> dict[str, dict[str, Any]]:
    """Every event on the registry, progress and awards topics of this stack, by id."""
    records = []
    for topic in (REGISTRY_EVENTS, PROGRESS_EVENTS, AWARDS_EVENTS):
        records += await asyncio.to_thread(read_topic, kafka, f"t{stack_id}.{topic}")
    return {r["event_id"]: r for r in records}

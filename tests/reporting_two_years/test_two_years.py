"""Issue 9's proof: two years of periodic reporting (four six-monthly periods) over the real broker
and database — the registry's units and organisations learnt from its topic, every submission,
return, approval and revision recorded by the board on its day — with late and missing units,
checked against the answers the scenario computes from the days alone (scenario.py): completeness
and timeliness province-wide and per kind, the late and missing units, the reported figures added
up (each draft's funds told apart by unit and day), at several dates of each period, and as known
at an earlier moment."""
from datetime import date, timedelta
from pathlib import Path

import asyncpg
import pytest

from thidua_deploy.in_process import (ORGANISATIONS as ORGS, eventually, new_stack_id, provisioned_kafka,
                                       provisioned_urls, record_province_and_organisations, running)
from thidua_kernel.kafka_access import KafkaAccess

from .scenario import DAY_FIELD, GRACE, PERIODS, expected, expected_totals, fate_of, funds, steps

pytestmark = pytest.mark.asyncio(loop_scope="function")

TOKENS = Path(__file__).resolve().parents[1] / "tokens.test.json"
BOARD, VIEWER = "demo-province-board", "demo-viewer"


async def test_two_years_of_six_monthly_reporting(kafka_admin: KafkaAccess, database_url: str,
                                                  pg_role_passwords: Path) -> None:
    stack_id = new_stack_id()
    urls = provisioned_urls(database_url, pg_role_passwords, stack_id)
    kafka = provisioned_kafka(kafka_admin, stack_id)
    async with (running("registry", kafka["registry"], urls["registry"], TOKENS, stack_id, BOARD) as (_, registry),
                running("reporting", kafka["reporting"], urls["reporting"], TOKENS, stack_id, BOARD) as (_, api)):
        db = await asyncpg.connect(database_url)
        try:
            await _two_years(registry, api, db, f"reporting_{stack_id}")
        finally:
            await db.close()


async def _two_years(registry, api, db, schema: str) -> None:
    async def ok(name: str, body: dict) -> dict:
        answer = await api.post(f"/commands/{name}", json=body)
        assert answer.status_code == 201, (name, body, answer.text)
        return answer.json()

    async def get(path: str, **params) -> dict:
        answer = await api.get(path, params=params, headers={"Authorization": f"Bearer {VIEWER}"})
        assert answer.status_code == 200, answer.text
        return answer.json()

    await record_province_and_organisations(registry)

    async def reporting_knows_them() -> bool:
        return await db.fetchval(f'SELECT count(DISTINCT code) FROM "{schema}".ntm_participants') == 3

    await eventually(reporting_knows_them)

    owed: list[str] = []
    for code, kind, due in PERIODS:
        opened = await ok("open-period", {**kind, "due_on": str(due), "grace_days": GRACE,
                                          "opened_on": str(date(kind["year"], 1 if kind["half"] == 1 else 7, 5))})
        assert opened["period_code"] == code
        owed = owed or sorted(opened["expected_units"])
        assert sorted(opened["expected_units"]) == owed  # nothing changed in the registry meanwhile
    assert len(owed) == 14
    kinds = {u: "district" for u in owed} | {code: kind for code, kind, _ in ORGS}

    recorded_at = {}
    for step in steps(owed):
        body = {"period_code": step.period, "unit_code": step.unit, DAY_FIELD[step.command]: str(step.day)}
        if step.command in ("save-draft", "revise"):
            body |= {"narrative": f"Báo cáo {step.period} của {step.unit}", "new_revision": step.command == "revise",
                     "figures": {"communes_assessed": 2, "funds_mobilised_vnd": funds(
                         owed, step.unit, (step.day - dict((c, d) for c, _, d in PERIODS)[step.period]).days)}}
        if step.command == "return-submission":
            body["reasons"] = "Thiếu số liệu huy động vốn"
        answer = await ok("save-draft" if step.command == "revise" else step.command, body)
        recorded_at[(step.period, step.unit, step.command)] = answer["recorded_at"]

    for index, (code, _, due) in enumerate(PERIODS):
        for as_of in (due - timedelta(days=4), due, due + timedelta(days=GRACE), due + timedelta(days=30)):
            figures = await get(f"/periods/{code}/completeness", as_of=str(as_of))
            want = expected(owed, kinds, index, as_of)
            got = {"province": figures["province"], "by_kind": figures["by_kind"],
                   "missing_units": sorted(figures["missing_units"]), "late_units": sorted(figures["late_units"])}
            assert got == want, (code, as_of)
            totals = (await get(f"/periods/{code}/totals", as_of=str(as_of)))["province"]
            assert {k: totals[k] for k in ("units", "approved_units", "funds_mobilised_vnd", "model_examples")} == \
                expected_totals(owed, index, as_of), (code, as_of)
        # Hand-checked for one of them: at the end every fate has shown itself.
        final = await get(f"/periods/{code}/completeness", as_of=str(due + timedelta(days=30)))
        fates = {u: fate_of(owed, u, index) for u in owed}
        assert sorted(final["missing_units"]) == sorted(u for u, f in fates.items() if f == "missing")
        assert sorted(final["late_units"]) == sorted(u for u, f in fates.items() if f in ("late", "returned", "missing"))
        assert final["province"]["on_time"] == sum(f in ("on_time", "in_grace", "revised") for f in fates.values())

    # R2: the consolidated report's periodic-reporting section says the same, for every period begun.
    report = await get("/reports/consolidated", as_of="2016-02-28")
    periods = {p["period_code"]: p for p in report["periodic_reporting"]["periods"]}
    assert sorted(periods) == [code for code, _, _ in PERIODS]
    for index, (code, _, _) in enumerate(PERIODS):
        want = expected(owed, kinds, index, date(2016, 2, 28))
        assert periods[code]["province"] == want["province"] and periods[code]["by_kind"] == want["by_kind"]
        assert sorted(u["unit_code"] for u in periods[code]["missing_units"]) == want["missing_units"]
        assert sorted(u["unit_code"] for u in periods[code]["late_units"]) == want["late_units"]
    mid = await get("/reports/consolidated", as_of="2014-12-31")
    assert [p["period_code"] for p in mid["periodic_reporting"]["periods"]] == ["2014-H1", "2014-H2"]

    # Revisions: the revised units' first revision stays approved and readable, the second submitted.
    revised = [u for u in owed if fate_of(owed, u, 3) == "revised"]
    first = await get(f"/periods/2015-H2/submissions/{revised[0]}", revision=1)
    latest = await get(f"/periods/2015-H2/submissions/{revised[0]}")
    assert (first["status"], latest["status"], latest["revisions"]) == ("approved", "submitted", 2)

    # As known before the last period's late reports were recorded, they were missing.
    late = [u for u in owed if fate_of(owed, u, 3) == "late"]
    before = await get("/periods/2015-H2/completeness", as_of="2016-02-28",
                       known_at=recorded_at[("2015-H2", late[0], "save-draft")])
    assert late[0] in before["missing_units"]

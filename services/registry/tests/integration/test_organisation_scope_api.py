"""The registry's HTTP API on the session's Kafka and PostgreSQL: a department officer records its
own organisation's pledge and plan, is refused another organisation's with 403 AUTH-SCOPE and
nothing written, and the queries list what it recorded."""
from pathlib import Path

from thidua_deploy.in_process import (
    eventually, new_stack_id, provisioned_kafka, provisioned_urls, record_province_and_organisations, running,
)

TOKENS = Path(__file__).resolve().parents[4] / "tests" / "tokens.test.json"
BOARD = {"Authorization": "Bearer demo-province-board"}
SNN = {"Authorization": "Bearer demo-department-SNNPTNT"}


async def test_a_department_officer_records_its_own_pledges_and_plans_only(kafka_admin, database_url,
                                                                          pg_role_passwords):
    stack_id = new_stack_id()
    url = provisioned_urls(database_url, pg_role_passwords, stack_id)["registry"]
    kafka = provisioned_kafka(kafka_admin, stack_id)["registry"]
    async with running("registry", kafka, url, TOKENS, stack_id, "demo-province-board") as (_, registry):
        await record_province_and_organisations(registry)
        for plan, owner in (("KH-SNN-2012", "SNNPTNT"), ("KH-HND-2012", "HND")):
            answer = await registry.post("/commands/set-plan-deadline", json={
                "plan_code": plan, "owner_code": owner, "title": "Kế hoạch thực hiện 2012", "due_date": "2012-03-31"})
            assert answer.status_code == 201, answer.text

        own = {"supporter_code": "SNNPTNT", "supported_code": "180", "effective_from": "2012-02-01"}
        first = await registry.post("/commands/pledge-support", json=own, headers={**SNN, "Idempotency-Key": "p-1"})
        retry = await registry.post("/commands/pledge-support", json=own, headers={**SNN, "Idempotency-Key": "p-1"})
        assert first.status_code == 201, first.text
        assert retry.json() == first.json() and len(first.json()["events"]) == 1
        other = await registry.post("/commands/pledge-support", headers=SNN, json={
            "supporter_code": "HND", "supported_code": "181", "effective_from": "2012-02-01"})
        assert other.status_code == 403 and other.json()["error"]["rule"] == "AUTH-SCOPE", other.text
        assert "HND" in other.json()["error"]["message_vi"]

        submitted = await registry.post("/commands/submit-plan", headers=SNN, json={
            "plan_code": "KH-SNN-2012", "submitted_on": "2012-03-20", "document_number": "12/KH-SNN"})
        assert submitted.status_code == 201 and submitted.json()["on_time"] is True, submitted.text
        theirs = await registry.post("/commands/submit-plan", headers=SNN, json={
            "plan_code": "KH-HND-2012", "submitted_on": "2012-03-20", "document_number": "3/KH-HND"})
        assert theirs.status_code == 403 and theirs.json()["error"]["rule"] == "AUTH-SCOPE", theirs.text

        async def listed():
            pledges = (await registry.get("/pledges", params={"as_of": "2012-12-31"})).json()["pledges"]
            plans = (await registry.get("/plans", params={"as_of": "2012-12-31"})).json()
            done = [p for p in plans["plans"] if p["submitted_on"]]
            return len(pledges) >= 1 and len(done) >= 1 and (pledges, plans)
        pledges, plans = await eventually(listed, 60)
        assert [(p["supporter_code"], p["supported_code"], p["effective_from"]) for p in pledges] == [
            ("SNNPTNT", "180", "2012-02-01")]
        assert {p["plan_code"]: p["status"] for p in plans["plans"]} == {
            "KH-SNN-2012": "submitted_on_time", "KH-HND-2012": "missing"}

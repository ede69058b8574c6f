"""`make demo`: load Lạng Sơn through the services' public APIs, then print what they compute.

Every command carries an idempotency key, so a second run on a running system records nothing
twice: the services answer the first answers again.
"""
import sys
import time
from collections.abc import Callable
from typing import Any

import httpx

from ._util import say
from .demo_history import CLUSTERS, TARGETS, plan
from .stack import SERVICES

TOKEN = "demo-province-board"
URL = {s.name: f"http://127.0.0.1:{s.port}" for s in SERVICES}


def command(client: httpx.Client, service: str, name: str, body: dict[str, Any], key: str) -> dict[str, Any]:
    response = client.post(f"{URL[service]}/commands/{name}", json=body, headers={"Idempotency-Key": key})
    if response.status_code >= 400:
        raise SystemExit(f"{service} refused {name} ({response.status_code}): {response.text}")
    return response.json()


def wait_for(what: str, check: Callable[[], Any], deadline_s: float = 60) -> Any:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


def load_units(client: httpx.Client) -> dict[str, list[str]]:
    answer = command(client, "registry", "import-province-units",
                     {"province_code": "20", "effective_from": "2011-01-01",
                      "document_number": "vietnamadminunits"}, "demo-import-20")
    say(f"registry: {answer['registered']} units registered now, {answer['already_registered']} already there")
    for code, name, members in CLUSTERS:
        command(client, "registry", "form-cluster",
                {"code": code, "name": name, "member_codes": members, "effective_from": "2012-01-01",
                 "document_number": "108/KH-UBND"}, f"demo-cluster-{code}")
    expected = answer["registered"] + answer["already_registered"]
    wait_for("the registry's unit directory", lambda: len(client.get(f"{URL['registry']}/units").json()) >= expected)
    communes = [u for u in client.get(f"{URL['registry']}/units", params={"level": "commune"}).json()
                if u["unit_type"] == "rural_commune"]
    by_district: dict[str, list[str]] = {}
    for unit in communes:
        by_district.setdefault(unit["parent_code"], []).append(unit["code"])
    return by_district


def record_history(client: httpx.Client, by_district: dict[str, list[str]]) -> int:
    command(client, "progress", "publish-builtin-criteria-set", {"set_id": "2009"}, "demo-criteria-2009")
    for unit, year, rate in TARGETS:
        command(client, "progress", "set-target", {"unit_code": unit, "year": year, "ntm_rate": rate},
                f"demo-target-{unit}-{year}")
    assessments, recognitions = plan(by_district)
    first = assessments[0]
    wait_for("the progress service to know the communes", lambda: client.get(
        f"{URL['progress']}/communes/{first.commune_code}/criteria").status_code == 200)
    say(f"progress: recording {len(assessments)} criteria assessments and {len(recognitions)} recognitions")
    for a in assessments:
        command(client, "progress", "assess-criterion",
                {"commune_code": a.commune_code, "district_code": a.district_code, "criterion": a.criterion,
                 "met": a.met, "effective_date": a.effective_date.isoformat(),
                 "evidence": f"BB-{a.commune_code}-{a.criterion}"},
                f"demo-assess-{a.commune_code}-{a.criterion}")
    for r in recognitions:
        command(client, "progress", "recognise-commune",
                {"commune_code": r.commune_code, "district_code": r.district_code,
                 "decision_number": r.decision_number, "effective_date": r.effective_date.isoformat()},
                f"demo-recognise-{r.commune_code}")
    return len(recognitions)


def show(client: httpx.Client, recognised: int) -> None:
    as_of = "2015-12-31"
    ranking = wait_for("the awards ranking", lambda: (
        r := client.get(f"{URL['awards']}/rankings/districts", params={"as_of": as_of}).json()
    )["province"]["recognised"] == recognised and r)
    print(f"\nXếp hạng huyện theo tỷ lệ xã đạt chuẩn nông thôn mới (awards, tại {as_of}):")
    for d in ranking["districts"]:
        rate = "  —  " if d["rate"] is None else f"{100 * d['rate']:5.1f}%"
        print(f"  {d['rank'] or '-':>2}. {d['name']:<24} {d['recognised']:>2}/{d['communes']:<3} {rate}")
    wait_for("the consolidated report", lambda: client.get(
        f"{URL['reporting']}/reports/consolidated", params={"as_of": as_of}).json()["province"]["recognised"]
        == recognised)
    report = client.get(f"{URL['reporting']}/reports/consolidated.txt", params={"as_of": as_of})
    print(f"\nBáo cáo tổng hợp (reporting, tại {as_of}):\n{report.text}")


def main() -> None:
    with httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60, trust_env=False) as client:
        by_district = load_units(client)
        recognised = record_history(client, by_district)
        show(client, recognised)
    print("HTTP APIs (OpenAPI at /openapi.json, docs at /docs):")
    for name, url in URL.items():
        print(f"  {name:<10} {url}")
    print("Demo tokens: deploy/tokens.demo.json. Stop everything with: make stop")


if __name__ == "__main__":
    sys.exit(main())

"""`make demo`: load Lạng Sơn through the services' public APIs, then print what they compute.

Every command carries an idempotency key, so a second run on a running system records nothing
twice: the services answer the first answers again.
"""
import sys
import time
from collections.abc import Callable
from typing import Any

import httpx

from . import demo_programme as programme
from ._util import run_dir, say
from .demo_accounts import DEPARTMENT_ACCOUNTS, admin_token, create_accounts, officer_tokens, print_accounts
from .demo_history import CLUSTERS, TARGETS, plan
from .demo_reporting import issue_thematic, print_reporting, record_period
from .demo_round import ROUND, Caller, run_round
from .demo_show import print_round, show
from .stack import SERVICES, WEB

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
    say(f"registry: {answer['registered'] + answer['already_registered']} units of Lạng Sơn imported")
    for code, name, members in CLUSTERS:
        command(client, "registry", "form-cluster",
                {"code": code, "name": name, "member_codes": members, "effective_from": "2012-01-01",
                 "document_number": "108/KH-UBND"}, f"demo-cluster-{code}")
    expected = answer["registered"] + answer["already_registered"]
    # The units of the programme's start (the registry's queries default to today).
    start = {"as_of": "2012-01-15"}
    wait_for("the registry's unit directory",
             lambda: len(client.get(f"{URL['registry']}/units", params=start).json()) >= expected)
    communes = [u for u in client.get(f"{URL['registry']}/units", params={**start, "level": "commune"}).json()
                if u["unit_type"] == "rural_commune"]
    by_district: dict[str, list[str]] = {}
    for unit in communes:
        by_district.setdefault(unit["parent_code"], []).append(unit["code"])
    return by_district


def record_programme(client: httpx.Client, by_district: dict[str, list[str]]) -> None:
    """U3–U8: a merged-away pilot commune, pilots, participants, pledges, plans, registrations."""
    command(client, "registry", "register-unit", {**programme.TO_HIEU, "document_number": "lịch sử"},
            "demo-to-hieu")
    command(client, "registry", "merge-units", programme.TO_HIEU_MERGER, "demo-to-hieu-merger")
    for code in programme.PROVINCE_PILOTS:
        command(client, "registry", "designate-pilot", {"unit_code": code, "level": "province",
                "effective_from": "2011-12-16", "document_number": "108/KH-UBND"}, f"demo-pilot-p-{code}")
    for district, communes in sorted(by_district.items()):
        wanted = 1 if district == programme.SHORT_DISTRICT else programme.DISTRICT_PILOTS_PER_DISTRICT
        picks = [c for c in communes if c not in programme.PROVINCE_PILOTS][:wanted]
        for code in picks:
            command(client, "registry", "designate-pilot", {"unit_code": code, "level": "district",
                    "effective_from": "2012-01-15"}, f"demo-pilot-d-{code}")
        command(client, "registry", "register-movement", {"unit_code": district, "registered_on": "2011-12-20"},
                f"demo-movement-{district}")
    for code, kind, name, parent, supported in programme.DEPARTMENTS:
        command(client, "registry", "register-participant", {"code": code, "kind": kind, "name": name,
                "parent_code": parent, "effective_from": "2011-01-01"}, f"demo-participant-{code}")
        for target in supported:
            command(client, "registry", "pledge-support", {"supporter_code": code, "supported_code": target,
                    "effective_from": "2012-01-01"}, f"demo-pledge-{code}-{target}")
    for code, name, department, supported in programme.SUBORDINATES:
        command(client, "registry", "register-participant", {"code": code, "kind": "subordinate_unit",
                "name": name, "parent_code": department, "effective_from": "2011-01-01"}, f"demo-participant-{code}")
        for target in supported:
            command(client, "registry", "pledge-support", {"supporter_code": code, "supported_code": target,
                    "effective_from": "2012-01-01"}, f"demo-pledge-{code}-{target}")
    plans = [*programme.PROVINCE_PLANS, *programme.district_plans(sorted(by_district)), *programme.department_plans()]
    for plan_code, owner, title, due, submitted in plans:
        command(client, "registry", "set-plan-deadline", {"plan_code": plan_code, "owner_code": owner,
                "title": title, "due_date": due.isoformat(), "document_number": "108/KH-UBND"},
                f"demo-plan-due-{plan_code}")
        if submitted is not None:
            command(client, "registry", "submit-plan", {"plan_code": plan_code, "submitted_on": submitted.isoformat(),
                    "document_number": f"{plan_code}/KH"}, f"demo-plan-submitted-{plan_code}")
    say(f"registry: pilots, {len(programme.DEPARTMENTS) + len(programme.SUBORDINATES)} participants, pledges,"
        f" {len(plans)} plans, Tô Hiệu merged on {programme.TO_HIEU_MERGER['effective_date']}")


def record_history(client: httpx.Client, by_district: dict[str, list[str]]) -> int:
    for set_id in ("2009", "2016"):
        command(client, "progress", "publish-builtin-criteria-set", {"set_id": set_id}, f"demo-criteria-{set_id}")
    assessments, recognitions = plan(by_district)
    last = assessments[-1]
    # Progress learns the units from the registry's topic: its checks need them first (U1).
    wait_for("the progress service to know the units", lambda: client.get(
        f"{URL['progress']}/communes/{last.commune_code}/criteria").status_code == 200)
    command(client, "progress", "declare-region", {"province_code": "20", "region": "northern_midlands_mountains"},
            "demo-region-20")
    for unit, year, rate in TARGETS:
        command(client, "progress", "set-target", {"unit_code": unit, "year": year, "ntm_rate": rate},
                f"demo-target-{unit}-{year}")
    say(f"progress: {len(assessments)} criteria assessments and {len(recognitions)} recognitions, 2013–2020")
    for a in assessments:
        command(client, "progress", "assess-criterion",
                {"commune_code": a.commune_code, "district_code": a.district_code, "criterion": a.criterion,
                 "met": a.met, "effective_date": a.effective_date.isoformat(),
                 "evidence": f"BB-{a.commune_code}-{a.criterion}"},
                f"demo-assess-{a.commune_code}-{a.criterion}-{a.effective_date.year}")
    for r in recognitions:
        command(client, "progress", "recognise-commune",
                {"commune_code": r.commune_code, "district_code": r.district_code,
                 "document_number": r.decision_number, "effective_date": r.effective_date.isoformat()},
                f"demo-recognise-{r.commune_code}")
    return len(recognitions)


def awards_round(token: str) -> None:
    """A9: the 2011–2015 round on the history above, as the board and the officers with accounts."""
    districts = officer_tokens(URL["registry"], "district_officer")
    departments = officer_tokens(URL["registry"], "department_officer")
    with httpx.Client(base_url=URL["awards"], headers={"Authorization": f"Bearer {token}"}, timeout=60,
                      trust_env=False) as client:
        outcome = run_round(Caller(client), run_dir() / "demo" / "documents", districts, departments)
        say(f"awards: {len(outcome.conferred)} awards conferred in round {ROUND}")
        print_round(Caller(client).get(f"/rounds/{ROUND}/dashboard"), outcome.refusal, outcome.documents)


def reporting(token: str) -> None:
    """R1–R5: the 2015 yearly period reported (one late, one missing), the 2011–2015 report issued."""
    with httpx.Client(base_url=URL["reporting"], headers={"Authorization": f"Bearer {token}"}, timeout=60,
                      trust_env=False) as client:
        board = Caller(client, "demo-reporting", "reporting")
        outcome = record_period(board)
        issue_thematic(board, outcome, run_dir() / "demo" / "documents")
        print_reporting(outcome)


def main() -> None:
    token = admin_token(URL["registry"])
    with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=60, trust_env=False) as client:
        by_district = load_units(client)
        create_accounts(client, URL["registry"])
        record_programme(client, by_district)
        create_accounts(client, URL["registry"], DEPARTMENT_ACCOUNTS)
        recognised = record_history(client, by_district)
        show(client, URL, command, wait_for, recognised, by_district)
    awards_round(token)
    reporting(token)
    print("HTTP APIs (OpenAPI at /openapi.json, docs at /docs):")
    for name, url in URL.items():
        print(f"  {name:<10} {url}")
    print(f"Web app (dashboard public; sign in with an account below): http://127.0.0.1:{WEB.port}/")
    print_accounts()
    print("Stop everything with: make stop")


if __name__ == "__main__":
    sys.exit(main())

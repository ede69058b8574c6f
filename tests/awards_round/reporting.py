"""Reporting on the round's whole history (registry, progress, awards topics): the thematic
2011–2015 report's awards say what the test's ledger says, and every reporting projection rebuilt
from offset 0 gives the same reports (issue 9), as known at one moment."""
from datetime import datetime, timezone

import httpx

from thidua_deploy.isolated import wait_until

REPORTS = (  # path, parameters: each read as known at the same moment before and after the rebuild
    ("/reports/consolidated", {"as_of": "2015-12-31"}),
    ("/reports/consolidated", {"as_of": "2013-06-30"}),
    ("/reports/consolidated.txt", {"as_of": "2015-12-31"}),
    ("/reports/yearly-summary", {"year": 2015}),
    ("/reports/thematic", {"plan": "2011-2015"}),
    # The event index too: the same events behind the same figures (issue 9's traceability).
    ("/reports/consolidated/trace", {"as_of": "2015-12-31", "figure": "districts/180/rate"}),
    ("/reports/consolidated/trace", {"as_of": "2015-12-31", "figure": "criteria_attainment/19/communes_met"}),
)


def projections(reporting: httpx.Client) -> dict[str, dict]:
    answer = reporting.get("/projections")
    assert answer.status_code == 200, answer.text
    return {p["projection"]: p for p in answer.json()}


def all_caught_up(reporting: httpx.Client) -> bool:
    """Every projection has committed every record on its topics (lag 0), dead letters none."""
    return all(p["state"] == "caught_up" and p["lag"] == 0 and not p["dead_letters"]["waiting"]
               for p in projections(reporting).values())


def reports(reporting: httpx.Client, known_at: str) -> list:
    found = []
    for path, params in REPORTS:
        answer = reporting.get(path, params={**params, "known_at": known_at})
        assert answer.status_code == 200, (path, answer.text)
        found.append(answer.json() if answer.headers["content-type"].startswith("application/json") else answer.text)
    return found


def check_rebuild(stack) -> None:
    with stack.client("reporting") as reporting:
        wait_until(lambda: all_caught_up(reporting), 120)
        known_at = datetime.now(timezone.utc).isoformat()
        before = reports(reporting, known_at)
        names = sorted(projections(reporting))
        assert {"ntm_facts", "programme_facts"} <= set(names), names
        for name in names:
            answer = reporting.post(f"/projections/{name}/rebuild")
            assert answer.status_code == 202, answer.text
        wait_until(lambda: all_caught_up(reporting), 300)
        rebuilt = projections(reporting)
        assert all(p["rebuild"]["finished_at"] for p in rebuilt.values()), rebuilt
        assert reports(reporting, known_at) == before


SAME_MEANING = ("approved", "rejected", "withdrawn", "conferred")  # awards' statuses reporting shows as they are


def check_awards_reported(stack, ledger) -> None:
    """R4: the plan's summary round in the thematic report, per award kind, as the ledger counts it."""
    expected = {kind: {s: counts.get(s, 0) for s in SAME_MEANING} for kind, counts in ledger.counts().items()}

    def reported() -> dict | None:
        with stack.client("reporting") as reporting:
            awards = reporting.get("/reports/thematic", params={"plan": "2011-2015"}).json()["awards"]
        rounds = {r["code"]: r for r in awards["rounds"]}
        if "2011-2015" not in rounds:
            return None
        got = {k["code"]: {s: k["counts"][s] for s in SAME_MEANING} for k in rounds["2011-2015"]["by_kind"]}
        return got if all(got.get(kind) == want for kind, want in expected.items()) else None

    wait_until(reported, 60)

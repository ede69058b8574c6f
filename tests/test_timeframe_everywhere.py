"""Issue 11: every query of every service takes `as_of` and `known_at` with the same defaults,
said in the OpenAPI (one shared definition, thidua_facts.timeframe_query), and every command's
answer carries the `recorded_at` of its events. The apps are built in process, without their
runtime: only their OpenAPI is read. A new GET route without the parameters fails here unless
it is exempted below with its reason."""
from functools import cache
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from thidua_facts.timeframe_query import AS_OF_DESCRIPTION, KNOWN_AT_DESCRIPTION

SERVICES = ("registry", "progress", "awards", "reporting")
TOKENS = Path(__file__).resolve().parent / "tokens.test.json"

# Routes that answer no question about the facts over time: no timeframe to take.
NO_TIMEFRAME = {
    "/health": "liveness, no facts read",
    # The operator's routes (thidua_kernel.ops): the process's topics and projections as they are
    # now, and the event log paged by its position (an export copies what is recorded, all of it).
    "/topics": "operations: the topics now",
    "/projections": "operations: the runners now",
    "/projections/{name}": "operations: one runner now",
    "/projections/{name}/dead-letters": "operations: the events a runner set aside",
    "/projections/{name}/blue-green": "operations: a version switch under way",
    "/events/export": "operations: the event log by position, every event as recorded",
    "/content-areas": "progress: the content areas are fixed in the code (Decision 800), never recorded",
}
# Routes whose question fixes its own as_of (or asks about every day at once): they still take
# known_at, and a given as_of would be a second, conflicting day, so they do not declare it.
KNOWN_AT_ONLY = {
    "/reports/yearly-summary": "reporting: as_of is the year's end (its reports fall due after it)",
    "/reports/thematic": "reporting: as_of is the plan's evaluation day",
    "/issued-reports": "reporting: the acts issued by known_at, each with the as_of it was issued for",
    # An issued act's file is regenerated from the act as issued: its as_of is the one recorded in it.
    "/issued-reports/{path}": "reporting: the act's own as_of, recorded when it was issued",
    "/rates/series": "progress: `dates` are the as_of days asked, all at one known_at",
    "/criteria-sets": "progress: every set with its effective_from (P2 picks by day on the as-of views)",
    "/criteria-sets/{set_id}": "progress: a set's thresholds by `year`, not by day",
    "/targets": "progress: every year's target (P5), keyed by year, not by day",
    "/communes/{code}/plans": "progress: every period's plan of the commune, each with its period",
    "/rounds": "awards: the rounds as recorded (a round is not effective-dated)",
    "/rounds/{round_code}": "awards: the round's definition and prizes as recorded",
    "/emulation-scores": "awards: a year's scores, keyed by `year`",
    "/rounds/{round_code}/decision.docx": "awards: the decision's day is its own (the conferral)",
    "/rounds/{round_code}/decision.xlsx": "awards: the decision's day is its own (the conferral)",
    "/rounds/{round_code}/nominations/{award_kind}/{nominee_code}/certificate.pdf":
        "awards: the certificate's day is its conferral's",
    "/rounds/{round_code}/national-nomination": "awards: the round's own nomination, as recorded",
    "/rounds/{round_code}/national-nomination.xlsx": "awards: the round's own nomination, as recorded",
}
# Routes whose as_of defaults otherwise, declared in their own description: a round's views run
# its checks on the date of known_at, so a view asked at a known_at reads the same on any later day
# (today's date would make yesterday's answer at that known_at unreproducible).
OWN_AS_OF_DEFAULT = {
    "/rounds/{round_code}/nominations": "awards: checks on the date of known_at",
    "/rounds/{round_code}/nominations/{award_kind}/{nominee_code}": "awards: checks on the date of known_at",
    "/rounds/{round_code}/dashboard": "awards: checks on the date of known_at",
    "/rounds/{round_code}/candidates": "awards: checks on the date of known_at",
}


@cache
def openapi(service: str) -> dict:
    import importlib

    config = importlib.import_module(f"{service}.config")
    settings_class = next(v for k, v in vars(config).items() if k.endswith("Settings") and k != "ServiceSettings")
    app = importlib.import_module(f"{service}.app").create_app(settings_class(THIDUA_TOKENS_FILE=TOKENS))
    return TestClient(app).get("/openapi.json").json()


def exempt(path: str) -> bool:
    """Sign-in (/auth/..., the signing keys at /.well-known/...) and the API's own documents are no
    question about the facts either."""
    return path in NO_TIMEFRAME or path.startswith(("/auth/", "/.well-known/", "/docs")) \
        or path in ("/openapi.json", "/redoc")


@pytest.mark.parametrize("service", SERVICES)
def test_every_query_takes_as_of_and_known_at_with_the_shared_defaults(service: str):
    lacking = []
    for path, operations in openapi(service)["paths"].items():
        if "get" not in operations or exempt(path):
            continue
        params = {p["name"]: p for p in operations["get"].get("parameters", []) if p["in"] == "query"}
        wanted = {"known_at": ("date-time", KNOWN_AT_DESCRIPTION)}
        if path not in KNOWN_AT_ONLY:
            wanted["as_of"] = ("date", AS_OF_DESCRIPTION)
        else:
            assert "as_of" not in params, (path, "its as_of is fixed by the question")
        for name, (form, text) in wanted.items():
            param = params.get(name)
            forms = [s.get("format") for s in param["schema"].get("anyOf", [param["schema"]])] if param else []
            said = param.get("description") == text or (name == "as_of" and path in OWN_AS_OF_DEFAULT
                                                         and "default: the date of known_at" in param["description"]) \
                if param else False
            if param is None or form not in forms or not said or param.get("required"):
                lacking.append(f"{path} {name}")
    assert not lacking, lacking


@pytest.mark.parametrize("service", SERVICES)
def test_every_command_answer_declares_its_recorded_at(service: str):
    commands = {p: o["post"] for p, o in openapi(service)["paths"].items() if p.startswith("/commands/")}
    assert len(commands) >= 3
    for path, operation in commands.items():
        schema = operation["responses"]["201"]["content"]["application/json"]["schema"]
        assert "recorded_at" in schema["required"], path
        assert {"type": "string", "format": "date-time"} in schema["properties"]["recorded_at"]["anyOf"], path


def test_every_exemption_names_a_route_that_exists():
    paths = {p for service in SERVICES for p in openapi(service)["paths"]}
    assert not (set(NO_TIMEFRAME) | set(KNOWN_AT_ONLY) | set(OWN_AS_OF_DEFAULT)) - paths

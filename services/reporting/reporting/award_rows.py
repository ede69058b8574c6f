"""Awards events → rows of the award tables (A8-A11): pure, light envelopes, by field name.

Read by field name (contracts.awards; tests/unit/test_award_facts.py checks the names against the
models), as programme_rows.py does and for the same reason. A known event type that cannot be
read stops the projection at that event, loudly (UnreadableEvent names it). PrizeSet,
CouncilFindingRecorded and EmulationScoreRecorded are not read: the report shows none of them.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from contracts.registry import INDIVIDUAL_KINDS
from thidua_facts.rows import as_day, as_moment

from .event_rows import build_rows


@dataclass
class AwardRows:
    rounds: list[tuple] = field(default_factory=list)
    steps: list[tuple] = field(default_factory=list)


def _round(rows: AwardRows, e: Any, p: dict) -> None:
    kinds = [{"code": k["code"], "name_vi": k["name_vi"], "name_en": k["name_en"], "level": k["level"]}
             for k in p["award_kinds"]]
    rows.rounds.append((e.aggregate_id, e.aggregate_version, as_moment(e.recorded_at), p["province_code"],
                        p["title_vi"], p["title_en"], p["kind"], p["period_from"], p["period_to"],
                        as_day(p["nominations_open"]), as_day(p["nominations_due"]),
                        orjson.dumps(kinds).decode(), e.document_number))


def _step(step: str, day_field: str) -> Callable[[AwardRows, Any, dict], None]:
    def build(rows: AwardRows, e: Any, p: dict) -> None:
        rows.steps.append((e.aggregate_id, e.aggregate_version, as_moment(e.recorded_at), p["nomination_id"], step,
                           as_day(p[day_field]), None, None, None, None, None, None,
                           p.get("outcome"), p.get("decision_number"), p.get("certificate_number")))
    return build


def _submitted(rows: AwardRows, e: Any, p: dict) -> None:
    # Personal data: an individual's name is not kept (the report names units and organisations).
    name = None if p["nominee_kind"] in INDIVIDUAL_KINDS else p["nominee_name"]
    rows.steps.append((e.aggregate_id, e.aggregate_version, as_moment(e.recorded_at), p["nomination_id"],
                       "submitted", as_day(p["submitted_on"]), p["award_kind"], p["nominee_code"], p["nominee_kind"],
                       name, p.get("nominee_district"), p["nominating_unit"], None, None, None))


BUILDERS: dict[str, Callable[[AwardRows, Any, dict], None]] = {
    "RoundDefined": _round,
    "NominationSubmitted": _submitted,
    "NominationWithdrawn": _step("withdrawn", "withdrawn_on"),
    "NominationReceived": _step("received", "received_on"),
    "NominationReviewed": _step("reviewed", "reviewed_on"),
    "NominationDecided": _step("decided", "decision_date"),
    "AwardConferred": _step("conferred", "conferred_on"),
}


def award_rows(events: Iterable) -> AwardRows:
    """The rows of a batch; every other event type is skipped."""
    return build_rows(events, BUILDERS, AwardRows())

"""Contracts ↔ domain: the published payloads folded into domain values, and back.

The progress service stores exactly what it publishes (the contract models), so this is the one
place that reads them; the domain package never imports contracts.
"""
from collections.abc import Iterable
from datetime import datetime, time, timezone

from pydantic import BaseModel

from contracts.envelope import EventEnvelope
from contracts.progress import (
    CommuneRecognised,
    CriteriaSetPublished,
    CriterionAssessed,
    RecognitionRevoked,
)
from thidua_kernel.messages import NewEvent, StreamAppend

from .commands import PublishCriteriaSet
from .domain.model import (
    Assessment,
    CommuneProgress,
    CriteriaSet,
    Criterion,
    Indicator,
    Standing,
    Threshold,
)

CRITERIA_SET = "criteria_set"
COMMUNE_PROGRESS = "commune_progress"
TARGET = "target"


def criteria_set_from_command(cmd: PublishCriteriaSet) -> CriteriaSet:
    return _criteria_set(cmd.model_dump())


def criteria_set_payload(criteria_set: CriteriaSet) -> CriteriaSetPublished:
    """Domain → contract (the set is checked against P1 before, so numbers are 1..19)."""
    return CriteriaSetPublished.model_validate(_as_dict(criteria_set))


def criteria_set_from_events(history: Iterable[EventEnvelope]) -> CriteriaSet | None:
    """The latest publication of a set wins (a re-publication corrects the data)."""
    current = None
    for e in history:
        if e.event_type == "CriteriaSetPublished":
            current = _criteria_set(CriteriaSetPublished.model_validate(e.payload).model_dump())
    return current


def commune_progress(commune_code: str, history: list[EventEnvelope]) -> CommuneProgress:
    progress = CommuneProgress(commune_code, version=len(history))
    for e in history:
        seq = e.aggregate_version
        if e.event_type == "CriterionAssessed":
            a = CriterionAssessed.model_validate(e.payload)
            progress.assessments.append(
                Assessment(a.criterion, a.met, a.criteria_set_id, a.effective_date, a.evidence, seq))
        elif e.event_type == "CommuneRecognised":
            r = CommuneRecognised.model_validate(e.payload)
            progress.standings.append(Standing(True, r.decision_number, r.effective_date, seq, r.criteria_set_id))
        elif e.event_type == "RecognitionRevoked":
            v = RecognitionRevoked.model_validate(e.payload)
            progress.standings.append(Standing(False, v.decision_number, v.effective_date, seq))
    return progress


def append_one(aggregate_type: str, aggregate_id: str, version: int, payload: BaseModel, day) -> StreamAppend:
    """One event on one stream, expected at `version`; business time is the start of its day (UTC)."""
    occurred_at = datetime.combine(day, time.min, tzinfo=timezone.utc)
    event = NewEvent(type(payload).__name__, payload.model_dump(mode="json"), occurred_at)
    return StreamAppend(aggregate_type, aggregate_id, version, (event,))


def _criteria_set(data: dict) -> CriteriaSet:
    return CriteriaSet(
        set_id=data["set_id"],
        decision=data["decision"],
        effective_from=data["effective_from"],
        criteria=tuple(
            Criterion(c["number"], c["group"], c["name_vi"], c["name_en"], tuple(
                Indicator(i["code"], i["name_vi"], i["name_en"], i.get("unit"), tuple(
                    Threshold(t["region"], float(t["value"]), t.get("comparison", ">="), t.get("year"))
                    for t in i.get("thresholds", [])))
                for i in c.get("indicators", [])))
            for c in data["criteria"]),
        decision_date=data.get("decision_date"),
        title_vi=data.get("title_vi"),
        title_en=data.get("title_en"),
    )


def _as_dict(s: CriteriaSet) -> dict:
    return {
        "set_id": s.set_id, "decision": s.decision, "effective_from": s.effective_from,
        "decision_date": s.decision_date, "title_vi": s.title_vi, "title_en": s.title_en,
        "criteria": [
            {"number": c.number, "group": c.group, "name_vi": c.name_vi, "name_en": c.name_en,
             "indicators": [
                 {"code": i.code, "name_vi": i.name_vi, "name_en": i.name_en, "unit": i.unit,
                  "thresholds": [t.__dict__ for t in i.thresholds]}
                 for i in c.indicators]}
            for c in s.criteria],
    }

"""Contracts ↔ domain: the published payloads folded into domain values, and back.

The progress service stores exactly what it publishes (the contract models), so this is the one
place that reads them; the domain package never imports contracts.
"""
from collections.abc import Iterable
from datetime import datetime, time, timezone

from pydantic import BaseModel

from contracts.envelope import EventEnvelope
from contracts.progress import (
    CommunePlanRecorded,
    CommuneRecognised,
    CriteriaAssessed,
    CriteriaSetPublished,
    CriterionAssessed,
    IndicatorJudgement,
    RecognitionRevoked,
    RegionDeclared,
    ThresholdSet,
)
from thidua_kernel.messages import NewEvent, StreamAppend

from .commands import PublishCriteriaSet
from thidua_facts.model import AssessmentFact, RecognitionFact

from .domain.model import (
    CommuneProgress,
    CriteriaSet,
    Criterion,
    Indicator,
    PublishedSet,
    Threshold,
)
from .domain.reference import CommunePlan, ProvinceRegion, RegionDeclaration
from .domain.thresholds import Judgement, ThresholdEntry, with_entries

CRITERIA_SET = "criteria_set"  # its stream also carries the thresholds entered later (ThresholdSet)
COMMUNE_PROGRESS = "commune_progress"
TARGET = "target"
PROVINCE_REGION = "province_region"  # id = province code
COMMUNE_PLAN = "commune_plan"  # id = "{commune code}-{period}"


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


def criteria_set_as_judged(history: list[EventEnvelope]) -> CriteriaSet | None:
    """The latest publication with the thresholds entered since laid over it (P2): what judges values."""
    return _fold_criteria_set(history) if history else None


def published_set(history: list[EventEnvelope]) -> PublishedSet | None:
    """A set's stream as the commands' cache keeps it (P2: latest version, first publication time)."""
    judged = criteria_set_as_judged(history)
    if judged is None:
        return None
    first = next(e for e in history if e.event_type == "CriteriaSetPublished")
    return PublishedSet(judged, len(history), first.recorded_at)


def _fold_criteria_set(history: list[EventEnvelope]) -> CriteriaSet | None:
    published, entries = None, []
    for e in history:
        if e.event_type == "CriteriaSetPublished":
            published = _criteria_set(CriteriaSetPublished.model_validate(e.payload).model_dump())
        elif e.event_type == "ThresholdSet":
            entries.append(threshold_entry(e.payload))
    return with_entries(published, entries) if published is not None else None


def criteria_set_from_payload(payload: dict) -> CriteriaSet:
    """A stored CriteriaSetPublished payload (e.g. a projection's row) as the domain value."""
    return _criteria_set(CriteriaSetPublished.model_validate(payload).model_dump())


def threshold_entry(payload: dict) -> ThresholdEntry:
    t = ThresholdSet.model_validate(payload)
    return ThresholdEntry(t.criterion, t.indicator, Threshold(t.region, t.value, t.comparison, t.year))


def judgement_payloads(judgements: list[Judgement]) -> list[IndicatorJudgement]:
    return [IndicatorJudgement(indicator=j.indicator, value=j.value, threshold=j.threshold.value,
                               comparison=j.threshold.comparison, threshold_region=j.threshold.region,
                               threshold_year=j.threshold.year, satisfied=j.satisfied) for j in judgements]


def province_region(province_code: str, history: list[EventEnvelope]) -> ProvinceRegion:
    declared = ProvinceRegion(province_code, version=len(history))
    for e in history:
        if e.event_type == "RegionDeclared":
            r = RegionDeclared.model_validate(e.payload)
            declared.declarations.append(RegionDeclaration(r.region, r.effective_from, e.aggregate_version))
    return declared


def commune_plan(history: list[EventEnvelope]) -> CommunePlan | None:
    """The latest recording of the plan (a re-recording revises it)."""
    latest = None
    for e in history:
        if e.event_type == "CommunePlanRecorded":
            p = CommunePlanRecorded.model_validate(e.payload)
            latest = CommunePlan(p.commune_code, p.district_code, p.period, p.period_start, p.period_end,
                                 tuple(p.content_areas), tuple(p.criteria), p.document_number, p.approved_on)
    return latest


def commune_plan_payload(plan: CommunePlan) -> CommunePlanRecorded:
    return CommunePlanRecorded(
        commune_code=plan.commune_code, district_code=plan.district_code, period=plan.period,
        period_start=plan.period_start, period_end=plan.period_end, content_areas=list(plan.content_areas),
        criteria=list(plan.criteria), document_number=plan.document_number, approved_on=plan.approved_on,
    )


def commune_progress(commune_code: str, history: list[EventEnvelope]) -> CommuneProgress:
    """The stream as the shared facts (thidua_facts.model), so the shared rules decide (P3, P4)."""
    progress = CommuneProgress(commune_code, version=len(history))
    for e in history:
        seq, at = e.aggregate_version, e.recorded_at
        if e.event_type == "CriterionAssessed":
            a = CriterionAssessed.model_validate(e.payload)
            progress.assessments.append(AssessmentFact(
                commune_code, a.criterion, a.effective_date, seq, at, a.met, a.criteria_set_id, a.evidence,
                a.indicator_values, e.document_number))
        elif e.event_type == "CriteriaAssessed":  # a district's matrix: one fact per result
            m = CriteriaAssessed.model_validate(e.payload)
            progress.assessments += [AssessmentFact(
                commune_code, r.criterion, m.effective_date, seq, at, r.met, m.criteria_set_id, r.evidence,
                r.indicator_values, e.document_number) for r in m.results]
        elif e.event_type == "CommuneRecognised":
            r = CommuneRecognised.model_validate(e.payload)
            progress.recognitions.append(RecognitionFact(
                commune_code, r.effective_date, seq, at, True, r.decision_number, r.criteria_set_id))
        elif e.event_type == "RecognitionRevoked":
            v = RecognitionRevoked.model_validate(e.payload)
            progress.recognitions.append(RecognitionFact(
                commune_code, v.effective_date, seq, at, False, v.decision_number))
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

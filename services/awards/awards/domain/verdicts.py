"""Verdicts: a check or quota as judged, its message prefixed with the round's rule id."""
from typing import Any

from contracts.awards import Check, Verdict


def verdict(check: Check, outcome: str, vi: str, en: str, figures: dict[str, Any]) -> Verdict:
    return Verdict(rule=check.rule, check=check.check, outcome=outcome,  # type: ignore[arg-type]
                   message_vi=f"{check.rule}: {vi}", message_en=f"{check.rule}: {en}", figures=figures)


def first_not_passing(verdicts: list[Verdict], outcomes: tuple[str, ...] = ("fail",)) -> Verdict | None:
    return next((v for v in verdicts if v.outcome in outcomes), None)


def verdicts_json(verdicts: list[Verdict]) -> list[dict[str, Any]]:
    return [v.model_dump(mode="json") for v in verdicts]

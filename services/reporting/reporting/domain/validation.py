"""R1: a submission's figures checked against each other and against the recorded facts. A
difference is a warning with its figures, never a refusal (the draft is saved with it); a figure
of the wrong sign or size never gets this far (the command's body refuses it, INPUT-*).

Readings chosen: for a district the recorded facts are, over the period, its rural communes (xã)
at the period's end, the xã recognised during the period (recognised at its end, not the day
before its start) and the criteria gained and lost by its xã (met at the end and not the day
before the start, and the reverse). Other units have no facts to compare with: only the figures'
own consistency is checked.
"""
from dataclasses import dataclass
from typing import Any

from contracts.reporting import SubmissionFigures, ValidationWarning

CRITERIA_PER_COMMUNE = 19


@dataclass(frozen=True)
class RecordedFigures:
    """What the facts say about a district over a period (see the module's reading)."""

    communes: int
    recognised_in_period: int
    criteria_gained: int
    criteria_lost: int


def _warning(vi: str, en: str, **figures: Any) -> ValidationWarning:
    return ValidationWarning(rule="R1", message_vi=vi, message_en=en, figures=figures)


def validate(figures: SubmissionFigures, recorded: RecordedFigures | None) -> list[ValidationWarning]:
    found: list[ValidationWarning] = []
    f = figures
    if f.communes_assessed is not None and f.communes_recognised is not None \
            and f.communes_recognised > f.communes_assessed:
        found.append(_warning(f"Số xã được công nhận ({f.communes_recognised}) lớn hơn số xã được đánh giá"
                              f" ({f.communes_assessed}).",
                              f"Communes recognised ({f.communes_recognised}) exceed communes assessed"
                              f" ({f.communes_assessed}).",
                              communes_recognised=f.communes_recognised, communes_assessed=f.communes_assessed))
    if f.communes_assessed is not None:
        most = f.communes_assessed * CRITERIA_PER_COMMUNE
        for name, value in (("criteria_gained", f.criteria_gained), ("criteria_lost", f.criteria_lost)):
            if value is not None and value > most:
                found.append(_warning(f"{name} = {value} lớn hơn {f.communes_assessed} xã × 19 tiêu chí = {most}.",
                                      f"{name} = {value} exceeds {f.communes_assessed} communes × 19 criteria = {most}.",
                                      **{name: value, "communes_assessed": f.communes_assessed, "at_most": most}))
    if recorded is not None:
        found += _against(f, recorded)
    return found


def _against(f: SubmissionFigures, recorded: RecordedFigures) -> list[ValidationWarning]:
    found = []
    if f.communes_assessed is not None and f.communes_assessed > recorded.communes:
        found.append(_warning(f"Báo cáo {f.communes_assessed} xã được đánh giá, dữ liệu ghi nhận {recorded.communes} xã.",
                              f"Reports {f.communes_assessed} communes assessed; the records hold {recorded.communes}.",
                              reported=f.communes_assessed, recorded=recorded.communes, figure="communes_assessed"))
    pairs = (("communes_recognised", f.communes_recognised, recorded.recognised_in_period, "xã được công nhận"),
             ("criteria_gained", f.criteria_gained, recorded.criteria_gained, "tiêu chí đạt thêm"),
             ("criteria_lost", f.criteria_lost, recorded.criteria_lost, "tiêu chí bị mất"))
    for name, reported, facts, label_vi in pairs:
        if reported is not None and reported != facts:
            found.append(_warning(f"Báo cáo {reported} {label_vi} trong kỳ, dữ liệu ghi nhận {facts}"
                                  f" (chênh {reported - facts}).",
                                  f"Reports {name} = {reported} in the period; the records give {facts}"
                                  f" (difference {reported - facts}).",
                                  figure=name, reported=reported, recorded=facts, difference=reported - facts))
    return found

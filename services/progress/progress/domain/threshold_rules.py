"""P2 (thresholds are keyed by criterion, indicator, region and year of a set) and P3 (an
assessment's indicator values agree with what it says), each refusal naming its rule."""
from collections.abc import Iterable, Mapping

from thidua_kernel.errors import DomainRefusal

from .model import CriteriaSet, Indicator
from .reference import ReferenceData
from .thresholds import GENERAL_REGION, Judgement


def p2_region_known(region: str, reference: ReferenceData, general_allowed: bool) -> None:
    """P2: thresholds differ by the regions of the sets; a province declares one of them."""
    allowed = [*reference.region_ids, *([GENERAL_REGION] if general_allowed else [])]
    if region not in allowed:
        raise DomainRefusal(
            "P2",
            f"Vùng {region!r} không có trong các bộ tiêu chí; các vùng: {', '.join(allowed)}.",
            f"Region {region!r} is not a region of the criteria sets; regions: {', '.join(allowed)}.",
            region=region, allowed=allowed,
        )


def p2_threshold_target(criteria_set: CriteriaSet, criterion: int, indicator: str, unit: str | None,
                        year: int | None) -> Indicator:
    """P2: a threshold belongs to an indicator the set lists under that criterion, in its unit,
    from a year the set is in force (never before its `effective_from` year)."""
    found = criteria_set.criterion(criterion)
    target = found.indicator(indicator) if found is not None else None
    figures = {"set_id": criteria_set.set_id, "criterion": criterion, "indicator": indicator}
    if found is None:
        raise DomainRefusal(
            "P2", f"Bộ tiêu chí {criteria_set.set_id} không có tiêu chí số {criterion}.",
            f"Criteria set {criteria_set.set_id} has no criterion {criterion}.",
            **figures, criteria=list(criteria_set.numbers),
        )
    if target is None:
        raise DomainRefusal(
            "P2", f"Tiêu chí {criterion} của bộ {criteria_set.set_id} không có chỉ tiêu {indicator!r}.",
            f"Criterion {criterion} of set {criteria_set.set_id} has no indicator {indicator!r}.",
            **figures, indicators=[i.code for i in found.indicators],
        )
    if unit is not None and target.unit is not None and unit != target.unit:
        raise DomainRefusal(
            "P2", f"Chỉ tiêu {indicator} tính bằng {target.unit}, không phải {unit}.",
            f"Indicator {indicator} is measured in {target.unit}, not {unit}.",
            **figures, unit=unit, indicator_unit=target.unit,
        )
    if year is not None and year < criteria_set.effective_from.year:
        raise DomainRefusal(
            "P2",
            f"Bộ tiêu chí {criteria_set.set_id} có hiệu lực từ {criteria_set.effective_from.isoformat()},"
            f" không có ngưỡng cho năm {year}.",
            f"Criteria set {criteria_set.set_id} is in force from {criteria_set.effective_from.isoformat()};"
            f" it has no threshold for {year}.",
            **figures, year=year, effective_from=criteria_set.effective_from.isoformat(),
        )
    return target


def p2_indicators_listed(criteria_set: CriteriaSet, criterion: int, codes: Iterable[str]) -> None:
    """P2: indicator values are those of the criterion's indicators in the set in force."""
    found = criteria_set.criterion(criterion)
    listed = [i.code for i in found.indicators] if found is not None else []
    unknown = sorted(set(codes) - set(listed))
    if unknown:
        raise DomainRefusal(
            "P2",
            f"Tiêu chí {criterion} của bộ {criteria_set.set_id} không có chỉ tiêu {', '.join(unknown)}.",
            f"Criterion {criterion} of set {criteria_set.set_id} has no indicator {', '.join(unknown)}.",
            set_id=criteria_set.set_id, criterion=criterion, unknown=unknown, indicators=listed,
        )


# Reading chosen: an indicator the set measures in per cent takes values from 0 to 100 (a share
# of households, roads, schools...); the edge already refuses negative and non-finite numbers.
PERCENT = "%"


def p3_values_within_unit(criteria_set: CriteriaSet, criterion: int, values: Mapping[str, float]) -> None:
    """P3: a value of an indicator measured in % (by the set in force, P2) lies within 0..100."""
    found = criteria_set.criterion(criterion)
    units = {i.code: i.unit for i in found.indicators} if found is not None else {}
    outside = sorted(code for code, value in values.items()
                     if units.get(code) == PERCENT and not 0 <= value <= 100)
    if outside:
        listed = "; ".join(f"{code} = {values[code]:g}%" for code in outside)
        raise DomainRefusal(
            "P3",
            f"Chỉ tiêu tính bằng % phải từ 0 đến 100: {listed}.",
            f"An indicator measured in % lies within 0..100: {listed}.",
            set_id=criteria_set.set_id, criterion=criterion,
            outside=[{"indicator": code, "value": values[code], "unit": PERCENT} for code in outside],
        )


def p3_met_agrees_with_indicators(met: bool, judgements: list[Judgement], commune_code: str, criterion: int,
                                  criteria_set_id: str, region: str) -> None:
    """P3: "met" cannot stand beside a supplied indicator value that fails its threshold.

    Reading chosen: only the refusal of met=true is the rule's to make. met=false with every
    supplied value passing stays possible: a criterion has parts no indicator value shows.
    """
    failing = [j for j in judgements if not j.satisfied]
    if not met or not failing:
        return
    first = failing[0]
    def listed(word: str) -> str:
        return "; ".join(f"{j.indicator} = {j.value:g} ({word} {j.threshold.comparison} {j.threshold.value:g})"
                         for j in failing)

    raise DomainRefusal(
        "P3",
        f"Xã {commune_code} không thể đạt tiêu chí {criterion} khi chỉ tiêu chưa đạt ngưỡng: {listed('ngưỡng')}.",
        f"Commune {commune_code} cannot meet criterion {criterion} while an indicator fails its threshold:"
        f" {listed('threshold')}.",
        commune_code=commune_code, criterion=criterion, criteria_set_id=criteria_set_id, region=region,
        indicator=first.indicator, value=first.value, threshold=first.threshold.value,
        comparison=first.threshold.comparison,
        failing=[{"indicator": j.indicator, "value": j.value, "threshold": j.threshold.value,
                  "comparison": j.threshold.comparison, "threshold_region": j.threshold.region,
                  "threshold_year": j.threshold.year} for j in failing],
    )

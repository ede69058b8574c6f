"""The 2025 reorganisation as changes to the registered units (U8); pure Python.

From 1 July 2025 Vietnam has no district level and far fewer communes. A commune of the 2025 set
keeps the official code of one of the units it was formed from (3,316 of the 3,321 in
`vietnamadminunits`; none of the others reuses a pre-2025 code), so the reading chosen is:

- the unit whose code a new commune keeps *continues*: renamed / reclassified where the name or
  type changed, and moved under the province;
- the other units merged whole into it are dissolved with `successor_code` = the new commune;
- a unit divided between several new communes, whose code none of them keeps, is dissolved with
  `successor_codes` = those communes and `successor_code` = the one the data set names default;
- a new commune whose code no registered unit has is registered from the date;
- every district-level unit of the province (and of the provinces merged into it) is dissolved;
  provinces merged into another are dissolved with `successor_code` = the new province.

Applying it twice changes nothing: each change is made only if the unit's state on the date
differs from the 2025 set.
"""
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from contracts.registry import UnitDissolved, UnitMoved, UnitRegistered, UnitRenamed
from thidua_kernel.errors import DomainRefusal

from .model import DISTRICT_LEVEL_ABOLISHED, Unit


@dataclass(frozen=True)
class NewCommune:
    code: str
    unit_type: str
    name: str
    latitude: float | None
    longitude: float | None
    whole: tuple[str, ...]  # pre-2025 communes merged into it entirely
    parts: tuple[str, ...]  # pre-2025 communes divided, part of which it takes


@dataclass(frozen=True)
class DividedCommune:
    code: str
    into: tuple[str, ...]
    default: str | None


@dataclass(frozen=True)
class Reform2025:
    province_code: str
    province_name: str
    latitude: float | None
    longitude: float | None
    legacy_province_codes: tuple[str, ...]
    legacy_district_codes: tuple[str, ...]
    communes: tuple[NewCommune, ...]
    divided: tuple[DividedCommune, ...]
    unmapped: tuple[str, ...] = ()  # pre-2025 codes the converter data does not place

    def codes(self) -> set[str]:
        """Every unit code the reform may touch."""
        found = {self.province_code, *self.legacy_province_codes, *self.legacy_district_codes}
        for c in self.communes:
            found |= {c.code, *c.whole, *c.parts}
        return found | {d.code for d in self.divided}


@dataclass(frozen=True)
class Change:
    code: str
    event_type: str
    payload: BaseModel


def reform_changes(reform: Reform2025, units: Mapping[str, Unit | None], day: date, source: str) -> list[Change]:
    """The events that bring the registered units to the 2025 set on `day`; [] when already there."""
    _check_applicable(reform, units, day)
    p = reform.province_code
    new_codes = {c.code for c in reform.communes}
    changes = _continue_or_register(p, reform.province_name, "province", None, reform.latitude,
                                    reform.longitude, units.get(p), day, source)
    changes += _dissolve(units, [c for c in reform.legacy_province_codes if c != p], day, successor=p)
    for commune in reform.communes:
        changes += _continue_or_register(commune.code, commune.name, commune.unit_type, p, commune.latitude,
                                         commune.longitude, units.get(commune.code), day, source)
        changes += _dissolve(units, [c for c in commune.whole if c != commune.code], day, successor=commune.code)
    for divided in reform.divided:
        if divided.code not in new_codes:
            changes += _dissolve(units, [divided.code], day, successor=divided.default, successors=divided.into)
    changes += _dissolve(units, list(reform.legacy_district_codes), day)
    return changes


def _check_applicable(reform: Reform2025, units: Mapping[str, Unit | None], day: date) -> None:
    if day < DISTRICT_LEVEL_ABOLISHED:
        raise DomainRefusal(
            "U8", f"Bộ đơn vị hành chính 2025 có hiệu lực từ {DISTRICT_LEVEL_ABOLISHED.isoformat()}.",
            f"The 2025 set of units takes effect on {DISTRICT_LEVEL_ABOLISHED.isoformat()} at the earliest.",
            date=day.isoformat())
    missing = sorted(c for c in reform.legacy_province_codes if units.get(c) is None)
    if missing:
        raise DomainRefusal(
            "U8",
            f"Cần nhập bộ đơn vị trước 2025 của tỉnh {', '.join(missing)} trước khi áp dụng bộ 2025.",
            f"Import the pre-2025 units of province {', '.join(missing)} before applying the 2025 set.",
            missing_legacy_provinces=missing,
        )


def _continue_or_register(code: str, name: str, unit_type: str, parent: str | None, lat: float | None,
                          lon: float | None, unit: Unit | None, day: date, source: str) -> list[Change]:
    if unit is None:
        level = "province" if parent is None else "commune"
        return [Change(code, "UnitRegistered", UnitRegistered(
            code=code, level=level, unit_type=unit_type, name=name, parent_code=parent,
            latitude=lat, longitude=lon, effective_from=day, source=source))]
    now = unit.on(day)
    if now is None:
        raise DomainRefusal(
            "U4", f"Mã {code} của bộ 2025 thuộc đơn vị {unit.name}, không còn tồn tại vào {day.isoformat()}.",
            f"Code {code} of the 2025 set belongs to {unit.name}, which no longer exists on {day.isoformat()}.",
            code=code, date=day.isoformat())
    changes = []
    if now.name != name or now.unit_type != unit_type:
        retype = unit_type if now.unit_type != unit_type else None
        changes.append(Change(code, "UnitRenamed", UnitRenamed(code=code, name=name, effective_date=day,
                                                                unit_type=retype)))
    if parent is not None and now.parent_code != parent:
        changes.append(Change(code, "UnitMoved", UnitMoved(code=code, parent_code=parent, effective_date=day)))
    return changes


def _dissolve(units: Mapping[str, Unit | None], codes: list[str], day: date, successor: str | None = None,
              successors: tuple[str, ...] | None = None) -> list[Change]:
    return [
        Change(code, "UnitDissolved", UnitDissolved(code=code, effective_to=day, successor_code=successor,
                                                    successor_codes=list(successors) if successors else None))
        for code in codes
        if (unit := units.get(code)) is not None and unit.exists_on(day) and unit.effective_from < day
    ]

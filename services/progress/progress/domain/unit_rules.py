"""The registry's rules as progress applies them to the units it is told about (U1, U8)."""
from datetime import date

from thidua_kernel.errors import DomainRefusal, NotFound

from .model import RURAL_COMMUNE, Unit

UNIT_TYPE_VI = {"province": "tỉnh", "city": "thành phố", "rural_district": "huyện", "town": "thị xã",
                "rural_commune": "xã", "township": "thị trấn", "ward": "phường"}


def u1_unit_known(code: str, unit: Unit | None) -> Unit:
    """U1: a unit is named by its official code; progress knows only units the registry announced."""
    if unit is None:
        raise NotFound(
            "U1",
            f"Không có đơn vị mã {code} (hoặc danh mục đơn vị chưa cập nhật kịp từ registry).",
            f"No unit with code {code} (or the registry's announcement has not reached progress yet).",
            code=code,
        )
    return unit


def u1_under_district(unit: Unit, district_code: str) -> None:
    """U1/U4: a commune is identified by its code and its parent: the two must agree."""
    if unit.parent_code != district_code:
        raise DomainRefusal(
            "U1",
            f"Đơn vị {unit.code} không thuộc huyện {district_code} (thuộc {unit.parent_code}).",
            f"Unit {unit.code} is not under district {district_code} (its parent is {unit.parent_code}).",
            code=unit.code,
            district_code=district_code,
            actual_parent_code=unit.parent_code,
        )


def u1_is_xa(unit: Unit) -> None:
    """U1: "NTM criteria and rates apply to xã".

    Reading chosen: only rural communes (xã, unit_type rural_commune); wards (phường) and
    townships (thị trấn) are commune-level but urban, so they are refused too.
    """
    if unit.level != "commune" or unit.unit_type != RURAL_COMMUNE:
        raise DomainRefusal(
            "U1",
            f"Tiêu chí nông thôn mới chỉ áp dụng cho xã; {unit.code} là"
            f" {UNIT_TYPE_VI.get(unit.unit_type, unit.unit_type)}.",
            f"NTM criteria apply to xã (rural communes) only; {unit.code} is a {unit.unit_type} ({unit.level}).",
            code=unit.code,
            level=unit.level,
            unit_type=unit.unit_type,
        )


def u8_exists_on(unit: Unit, day: date) -> None:
    """U8: a fact about a unit takes effect only on a date the unit existed."""
    if not unit.exists_on(day):
        raise DomainRefusal(
            "U8",
            f"Đơn vị {unit.code} không tồn tại vào ngày {day.isoformat()}"
            f" (tồn tại từ {unit.effective_from.isoformat()}"
            f"{' đến ' + unit.effective_to.isoformat() if unit.effective_to else ''}).",
            f"Unit {unit.code} did not exist on {day.isoformat()}"
            f" (exists from {unit.effective_from.isoformat()}"
            f"{' to ' + unit.effective_to.isoformat() if unit.effective_to else ''}).",
            code=unit.code,
            date=day.isoformat(),
            effective_from=unit.effective_from.isoformat(),
            effective_to=unit.effective_to.isoformat() if unit.effective_to else None,
        )


def xa_under_district_on(unit: Unit | None, code: str, district_code: str, day: date) -> Unit:
    """All unit checks of a commune-level command, in the order a clerk would make them."""
    known = u1_unit_known(code, unit)
    u1_under_district(known, district_code)
    u1_is_xa(known)
    u8_exists_on(known, day)
    return known


def u1_is_province(unit: Unit) -> None:
    """U1: a region is declared by a province, the top of the hierarchy."""
    if unit.level != "province":
        raise DomainRefusal(
            "U1",
            f"Chỉ tỉnh mới khai báo vùng; {unit.code} là {UNIT_TYPE_VI.get(unit.unit_type, unit.unit_type)}.",
            f"Only a province declares its region; {unit.code} is a {unit.unit_type} ({unit.level}).",
            code=unit.code, level=unit.level, unit_type=unit.unit_type,
        )


def u8_exists_during(unit: Unit, first: date, last: date) -> None:
    """U8: a fact about a span of time (a plan's period) needs the unit to exist on some day of it."""
    if unit.effective_from > last or (unit.effective_to is not None and unit.effective_to <= first):
        raise DomainRefusal(
            "U8",
            f"Đơn vị {unit.code} không tồn tại trong khoảng {first.isoformat()} – {last.isoformat()}.",
            f"Unit {unit.code} did not exist between {first.isoformat()} and {last.isoformat()}.",
            code=unit.code, first=first.isoformat(), last=last.isoformat(),
            effective_from=unit.effective_from.isoformat(),
            effective_to=unit.effective_to.isoformat() if unit.effective_to else None,
        )


def xa_under_district_during(unit: Unit | None, code: str, district_code: str, first: date, last: date) -> Unit:
    """The unit checks of a commune-level command about a span of time (P6 plans)."""
    known = u1_unit_known(code, unit)
    u1_under_district(known, district_code)
    u1_is_xa(known)
    u8_exists_during(known, first, last)
    return known

"""Rules of the administrative hierarchy and its changes over time (U1, U4, U8)."""
from datetime import date

from thidua_kernel.errors import DomainRefusal

from ..model import DISTRICT_LEVEL_ABOLISHED, LEVEL_OF_TYPE, PARENT_LEVEL, Unit


def u8_exists_on(unit: Unit | None, code: str, day: date, action_vi: str, action_en: str) -> Unit:
    """U8: a unit can be changed, used or referred to only on a day it existed."""
    if unit is None:
        raise DomainRefusal("U8", f"Không thể {action_vi}: đơn vị {code} chưa được đăng ký.",
                            f"Cannot {action_en}: unit {code} is not registered.", code=code, date=day.isoformat())
    if not unit.exists_on(day):
        raise DomainRefusal(
            "U8",
            f"Không thể {action_vi}: đơn vị {code} ({unit.name}) không tồn tại vào ngày {day.isoformat()}.",
            f"Cannot {action_en}: unit {code} ({unit.name}) did not exist on {day.isoformat()}.",
            code=code, date=day.isoformat(), effective_from=unit.effective_from.isoformat(),
            effective_to=unit.effective_to.isoformat() if unit.effective_to else None,
        )
    return unit


def _parent_levels(level: str, day: date) -> tuple[str, ...]:
    wanted = PARENT_LEVEL[level]
    if level == "commune" and day >= DISTRICT_LEVEL_ABOLISHED:
        return ("district", "province")  # U8: from 1 July 2025 communes sit under the province
    return (wanted,) if wanted else ()


def u1_unit_fits_hierarchy(code: str, unit_type: str, parent: Unit | None, parent_code: str | None,
                           day: date) -> str:
    """U1: province ⊃ district-level units ⊃ commune-level units, on `day`; returns the unit's level."""
    level = LEVEL_OF_TYPE[unit_type]
    wanted = _parent_levels(level, day)
    if not wanted:
        if parent_code is not None:
            raise DomainRefusal("U1", "Tỉnh không có đơn vị cấp trên.", "A province has no parent unit.", code=code)
        return level
    if parent is None:
        raise DomainRefusal("U1", f"Đơn vị cấp trên {parent_code} chưa được đăng ký.",
                            f"Parent unit {parent_code} is not registered.", code=code, parent_code=parent_code)
    u8_exists_on(parent, parent_code or "", day, f"đặt {code} dưới {parent_code}", f"place {code} under {parent_code}")
    if parent.level not in wanted:
        raise DomainRefusal(
            "U1",
            f"Đơn vị {code} ({unit_type}) phải thuộc một đơn vị cấp {' / '.join(wanted)}, không phải {parent.level}.",
            f"Unit {code} ({unit_type}) must sit under a {' or '.join(wanted)}-level unit, not a {parent.level}.",
            code=code, parent_code=parent_code, parent_level=parent.level, date=day.isoformat(),
        )
    return level


def u4_code_is_new(code: str, unit: Unit | None, participant_name: str | None = None) -> None:
    """U4: a unit is identified by its official code: one code, one unit or participant, ever."""
    taken = unit.name if unit is not None else participant_name
    if taken is not None:
        raise DomainRefusal("U4", f"Mã {code} đã được đăng ký ({taken}).",
                            f"Code {code} is already registered ({taken}).", code=code)


def u1_type_keeps_level(unit: Unit, unit_type: str | None) -> None:
    """U1: a reclassification (e.g. thị trấn → xã) stays at the unit's level."""
    if unit_type is not None and LEVEL_OF_TYPE[unit_type] != unit.level:
        raise DomainRefusal(
            "U1",
            f"Không thể đổi {unit.code} từ cấp {unit.level} sang loại {unit_type} (cấp {LEVEL_OF_TYPE[unit_type]}).",
            f"Cannot turn {unit.code} ({unit.level}-level) into a {unit_type} ({LEVEL_OF_TYPE[unit_type]}-level).",
            code=unit.code, level=unit.level, unit_type=unit_type,
        )


def u8_merge_is_well_formed(absorbed: dict[str, Unit], into_code: str, into_level: str) -> None:
    """U8: a merger folds units of one level into another unit of that level, not into itself."""
    if into_code in absorbed:
        raise DomainRefusal("U8", f"Đơn vị {into_code} không thể sáp nhập vào chính nó.",
                            f"Unit {into_code} cannot be merged into itself.", code=into_code)
    other = sorted(code for code, unit in absorbed.items() if unit.level != into_level)
    if other:
        raise DomainRefusal(
            "U1",
            f"Chỉ sáp nhập các đơn vị cùng cấp {into_level}: {', '.join(other)} khác cấp.",
            f"Only units of the same level ({into_level}) can merge: {', '.join(other)} differ.",
            into_code=into_code, other_level=other,
        )


def u8_split_has_parts(code: str, part_codes: list[str]) -> None:
    """U8: a split gives at least two distinct new units."""
    if len(set(part_codes)) < 2 or len(set(part_codes)) != len(part_codes) or code in part_codes:
        raise DomainRefusal(
            "U8",
            f"Chia tách {code} phải tạo ra ít nhất hai đơn vị mới, mã khác nhau và khác {code}.",
            f"Splitting {code} must give at least two new units with distinct codes other than {code}.",
            code=code, part_codes=part_codes,
        )


def u8_after_start(unit: Unit, day: date) -> None:
    """U8: a change takes effect after the day the unit was created (that day is its registration)."""
    if day <= unit.effective_from:
        raise DomainRefusal(
            "U8",
            f"Thay đổi {unit.code} phải có hiệu lực sau ngày thành lập {unit.effective_from.isoformat()}.",
            f"A change of {unit.code} must take effect after its creation on {unit.effective_from.isoformat()}.",
            code=unit.code, date=day.isoformat(), effective_from=unit.effective_from.isoformat(),
        )

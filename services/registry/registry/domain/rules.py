"""Registry rules, each named after its DOMAIN.md id."""
from thidua_kernel.errors import DomainRefusal

from .model import LEVEL_OF_TYPE, PARENT_LEVEL, Unit


def u1_unit_fits_hierarchy(code: str, unit_type: str, parent: Unit | None, parent_code: str | None) -> str:
    """U1: province ⊃ district-level units ⊃ commune-level units; returns the unit's level."""
    level = LEVEL_OF_TYPE[unit_type]
    wanted = PARENT_LEVEL[level]
    if wanted is None:
        if parent_code is not None:
            raise DomainRefusal("U1", "Tỉnh không có đơn vị cấp trên.", "A province has no parent unit.", code=code)
        return level
    if parent is None:
        raise DomainRefusal(
            "U1",
            f"Đơn vị cấp trên {parent_code} chưa được đăng ký.",
            f"Parent unit {parent_code} is not registered.",
            code=code,
            parent_code=parent_code,
        )
    if parent.level != wanted:
        raise DomainRefusal(
            "U1",
            f"Đơn vị {code} ({unit_type}) phải thuộc một đơn vị cấp {wanted}, không phải {parent.level}.",
            f"Unit {code} ({unit_type}) must sit under a {wanted}-level unit, not a {parent.level}.",
            code=code,
            parent_code=parent_code,
            parent_level=parent.level,
        )
    return level


def u1_code_is_new(code: str, existing: Unit | None) -> None:
    """U1/U4: a unit is identified by its official code: one code, one unit."""
    if existing is not None:
        raise DomainRefusal(
            "U4",
            f"Mã đơn vị {code} đã được đăng ký ({existing.name}).",
            f"Unit code {code} is already registered ({existing.name}).",
            code=code,
        )


def u2_members_are_of_kind(kind: str, members: dict[str, Unit | None]) -> None:
    """U2: clusters group district-level units; blocks group departments (not yet registered here)."""
    wanted = "district" if kind == "cluster" else "department"
    bad = sorted(code for code, unit in members.items() if unit is None or unit.level != wanted)
    if bad:
        raise DomainRefusal(
            "U2",
            f"Thành viên không hợp lệ cho {kind}: {', '.join(bad)} (phải là đơn vị cấp {wanted} đã đăng ký).",
            f"Invalid members for a {kind}: {', '.join(bad)} (must be registered {wanted}-level units).",
            invalid_members=bad,
        )
    if not members:
        raise DomainRefusal("U2", "Cụm/khối phải có thành viên.", "A cluster or block needs members.")

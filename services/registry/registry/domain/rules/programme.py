"""Rules of who takes part and how: participants (U3), clusters (U2), pilots (U4, U5),
pledges (U6), plans (U7) and movement registration (A4)."""
from datetime import date

from thidua_kernel.errors import DomainRefusal

from ..model import Unit
from ..programme import BLOCK_MEMBER_KINDS, SUPPORTS_COMMUNES, SUPPORTS_DISTRICTS, Participant, Plan

Party = Unit | Participant  # anything with a code that can take part


def _kind(party: Party | None) -> str:
    if party is None:
        return "unregistered"
    return party.kind if isinstance(party, Participant) else party.unit_type


def u3_participant_fits(kind: str, parent: Party | None, parent_code: str | None, address: str | None,
                        day: date) -> None:
    """U3: each kind of participant carries what identifies it (the parent it needs, an address)."""
    if kind == "business_person" and not (address or "").strip():
        raise DomainRefusal("U3", "Doanh nhân, trí thức, nhà khoa học phải có địa chỉ cụ thể.",
                            "A business person, intellectual or scientist must carry a concrete address.",
                            kind=kind)
    needs = {
        "subordinate_unit": "department",
        "household": "commune",
        "mass_organisation": "unit",
        "fatherland_front": "unit",
        "people_committee": "unit",
    }.get(kind)
    if parent_code is None:
        if needs:
            raise DomainRefusal("U3", f"Đối tượng loại {kind} phải có đơn vị cấp trên ({needs}).",
                                f"A participant of kind {kind} needs a parent ({needs}).", kind=kind)
        return
    if parent is None or not parent.exists_on(day):
        raise DomainRefusal("U8", f"Đơn vị cấp trên {parent_code} không tồn tại vào ngày {day.isoformat()}.",
                            f"Parent {parent_code} did not exist on {day.isoformat()}.",
                            parent_code=parent_code, date=day.isoformat())
    fits = {
        "subordinate_unit": isinstance(parent, Participant) and parent.kind == "department",
        # a rural household lives in a commune (xã or thị trấn), not an urban ward
        "household": isinstance(parent, Unit) and parent.level == "commune" and parent.unit_type != "ward",
        "mass_organisation": isinstance(parent, Unit),
        "fatherland_front": isinstance(parent, Unit),
        "people_committee": isinstance(parent, Unit),
        "department": isinstance(parent, Unit) and parent.level == "province",
    }.get(kind, True)
    if not fits:
        raise DomainRefusal(
            "U3",
            f"{parent_code} ({_kind(parent)}) không thể là đơn vị cấp trên của đối tượng loại {kind}.",
            f"{parent_code} ({_kind(parent)}) cannot be the parent of a participant of kind {kind}.",
            kind=kind, parent_code=parent_code, parent_kind=_kind(parent),
        )


def u2_members_are_of_kind(kind: str, members: dict[str, Party | None], day: date) -> None:
    """U2: clusters group district-level units; blocks group departments and provincial organisations;
    every member exists on the day the membership takes effect (U8)."""
    if not members:
        raise DomainRefusal("U2", "Cụm/khối phải có thành viên.", "A cluster or block needs members.")

    def fits(p: Party | None) -> bool:
        if p is None or not p.exists_on(day):
            return False
        if kind == "cluster":
            return isinstance(p, Unit) and p.level == "district"
        return isinstance(p, Participant) and p.kind in BLOCK_MEMBER_KINDS

    bad = sorted(code for code, p in members.items() if not fits(p))
    if bad:
        wanted_vi = "đơn vị cấp huyện" if kind == "cluster" else "sở, ngành, đoàn thể cấp tỉnh"
        wanted_en = "district-level units" if kind == "cluster" else "departments or provincial organisations"
        raise DomainRefusal(
            "U2",
            f"Thành viên không hợp lệ cho {kind}: {', '.join(bad)}"
            f" (phải là {wanted_vi} tồn tại vào {day.isoformat()}).",
            f"Invalid members for a {kind}: {', '.join(bad)} (must be {wanted_en} existing on {day.isoformat()}).",
            invalid_members=bad, date=day.isoformat(),
        )


def u4_province_pilot(unit: Unit) -> None:
    """U4: the province's pilots are districts and xã (rural communes)."""
    if not (unit.level == "district" or unit.unit_type == "rural_commune"):
        raise DomainRefusal("U4", f"Điểm chỉ đạo của tỉnh là huyện hoặc xã; {unit.code} là {unit.unit_type}.",
                            f"Province pilots are districts or xã; {unit.code} is a {unit.unit_type}.",
                            code=unit.code, unit_type=unit.unit_type)


def u5_district_pilot(unit: Unit, district: Unit | None) -> None:
    """U5: a district's pilot communes are xã of its own."""
    if unit.unit_type != "rural_commune" or district is None or district.level != "district":
        raise DomainRefusal(
            "U5",
            f"Xã điểm của huyện phải là xã thuộc huyện; {unit.code} là {unit.unit_type}"
            f" thuộc {district.code if district else 'không có huyện'}.",
            f"A district's pilot communes are xã of that district; {unit.code} is a {unit.unit_type}"
            f" under {district.code if district else 'no district'}.",
            code=unit.code, unit_type=unit.unit_type, parent_code=district.code if district else None,
        )


def u6_pledge_fits(supporter: Participant | None, supporter_code: str, supported: Unit | None,
                   supported_code: str, day: date) -> None:
    """U6: a department supports a district; a subordinate unit supports a commune (xã or thị trấn)."""
    if supporter is None or not supporter.exists_on(day):
        raise DomainRefusal("U6", f"Đơn vị hỗ trợ {supporter_code} chưa được đăng ký vào {day.isoformat()}.",
                            f"Supporter {supporter_code} is not registered on {day.isoformat()}.",
                            supporter_code=supporter_code, date=day.isoformat())
    if supported is None or not supported.exists_on(day):
        raise DomainRefusal("U8", f"Đơn vị được hỗ trợ {supported_code} không tồn tại vào {day.isoformat()}.",
                            f"Supported unit {supported_code} did not exist on {day.isoformat()}.",
                            supported_code=supported_code, date=day.isoformat())
    if supporter.kind in SUPPORTS_DISTRICTS:
        ok, wanted_vi, wanted_en = supported.level == "district", "một huyện", "a district"
    elif supporter.kind in SUPPORTS_COMMUNES:
        ok = supported.unit_type in ("rural_commune", "township")
        wanted_vi, wanted_en = "một xã hoặc thị trấn", "a xã or thị trấn"
    else:
        ok, wanted_vi, wanted_en = False, "(không thuộc diện đăng ký hỗ trợ)", "(not a supporting kind)"
    if not ok:
        raise DomainRefusal(
            "U6",
            f"{supporter_code} ({supporter.kind}) hỗ trợ {wanted_vi},"
            f" không phải {supported_code} ({supported.unit_type}).",
            f"{supporter_code} ({supporter.kind}) supports {wanted_en}, not {supported_code} ({supported.unit_type}).",
            supporter_code=supporter_code, supporter_kind=supporter.kind,
            supported_code=supported_code, supported_type=supported.unit_type,
        )


def u7_plan_has_deadline(plan: Plan | None, plan_code: str) -> Plan:
    """U7: a plan is tracked against its deadline: it must have one before it can come."""
    if plan is None:
        raise DomainRefusal("U7", f"Kế hoạch {plan_code} chưa có thời hạn.",
                            f"Plan {plan_code} has no deadline set.", plan_code=plan_code)
    return plan


def u7_not_yet_submitted(plan: Plan) -> None:
    """U7: a plan comes once; its date decides whether it came on time."""
    if plan.submitted_on is not None:
        raise DomainRefusal(
            "U7",
            f"Kế hoạch {plan.plan_code} đã nộp ngày {plan.submitted_on.isoformat()} ({plan.document_number}).",
            f"Plan {plan.plan_code} was already submitted on {plan.submitted_on.isoformat()} ({plan.document_number}).",
            plan_code=plan.plan_code, submitted_on=plan.submitted_on.isoformat(),
        )


def a4_registered_once(unit_code: str, registered_on: date | None) -> None:
    """A4: registering with the movement is one dated fact per unit."""
    if registered_on is not None:
        raise DomainRefusal("A4", f"{unit_code} đã đăng ký thi đua ngày {registered_on.isoformat()}.",
                            f"{unit_code} already registered with the movement on {registered_on.isoformat()}.",
                            unit_code=unit_code, registered_on=registered_on.isoformat())

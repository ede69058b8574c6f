"""The units an as-of view answers about, and its refusals: 404 U1 (unknown at known_at), 404 U8
(not existing at as_of, with the unit's lifetime), 422 U1 (a ward or township has no criteria)."""
import asyncpg

from thidua_facts import queries
from thidua_facts.domain.hierarchy import Hierarchy, fold_units, unit_for_command
from thidua_facts.model import UnitState
from thidua_facts.timeframe import Timeframe
from thidua_kernel.errors import DomainRefusal, NotFound

from .domain.unit_rules import UNIT_TYPE_VI


async def unit_on(conn: asyncpg.Connection, code: str, tf: Timeframe) -> UnitState:
    changes = await queries.unit_changes_of(conn, code, tf.known_at)
    if not changes:
        raise unknown(code, tf)
    state = Hierarchy(fold_units(changes, tf.as_of, tf.known_at), tf.as_of).existing(code)
    if state is None:
        raise _u8_notexisting(code, tf, unit_for_command(changes, code, tf.as_of, tf.known_at))
    return state


def u1_assessed_unit(unit: UnitState) -> None:
    """U1 "NTM criteria and rates apply to xã": a phường or thị trấn has no criteria sheet.

    Reading chosen: 422 U1 (the unit exists, but the question does not apply to it), not a
    sheet of 19 criteria that could never be assessed."""
    if not unit.is_rural_commune:
        raise DomainRefusal(
            "U1", f"Tiêu chí nông thôn mới chỉ áp dụng cho xã; {unit.code} là"
            f" {UNIT_TYPE_VI.get(unit.unit_type, unit.unit_type)}.",
            f"NTM criteria apply to xã (rural communes) only; {unit.code} is a {unit.unit_type} ({unit.level}).",
            code=unit.code, level=unit.level, unit_type=unit.unit_type)


def existing(hierarchy: Hierarchy, code: str, tf: Timeframe) -> UnitState:
    """U1: unknown code → 404 U1; U8: known but not existing at as_of → 404 U8."""
    state = hierarchy.existing(code)
    if state is not None:
        return state
    if hierarchy.state(code) is None:
        raise unknown(code, tf)
    raise _u8_notexisting(code, tf, hierarchy.state(code))


def _u8_notexisting(code: str, tf: Timeframe, unit: UnitState | None) -> NotFound:
    """U8: the unit's lifetime comes with the 404, so the client knows which date to ask for."""
    since = unit.effective_from.isoformat() if unit else None
    until = unit.effective_to.isoformat() if unit and unit.effective_to else None
    span_vi = f" (tồn tại từ {since}{' đến trước ' + until if until else ''})" if since else ""
    span_en = f" (it exists from {since}{' until before ' + until if until else ''})" if since else ""
    return NotFound("U8", f"Đơn vị {code} không tồn tại vào ngày {tf.as_of.isoformat()}{span_vi}.",
                    f"Unit {code} did not exist on {tf.as_of.isoformat()}{span_en}.", code=code, **tf.as_json(),
                    effective_from=since, effective_to=until,
                    successor_code=unit.successor_code if unit else None,
                    successor_codes=list(unit.successor_codes) if unit else [])


def unknown(code: str, tf: Timeframe) -> NotFound:
    return NotFound("U1", f"Không có đơn vị mã {code} (theo dữ liệu ghi nhận đến {tf.known_at.isoformat()}).",
                    f"No unit with code {code} (as recorded by {tf.known_at.isoformat()}).", code=code)

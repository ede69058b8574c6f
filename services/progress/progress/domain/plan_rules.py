"""P6 (a commune's plan follows the 11 content areas of Decision 800/QĐ-TTg) and P1 (the criteria
it targets are among the 19), each refusal naming its rule."""
import re
from collections.abc import Sequence

from thidua_kernel.errors import DomainRefusal

from .model import CRITERIA_NUMBERS
from .reference import ReferenceData

PERIOD = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
FIRST_YEAR = 2009  # the first criteria set (P2): no NTM plan predates it


def _repeated(values: Sequence[int]) -> list[int]:
    return sorted({v for v in values if list(values).count(v) > 1})


def p6_period(period: str) -> tuple[int, int]:
    """P6: a plan covers a year ("2012") or a span of years ("2011-2015"), from 2009 on."""
    found = PERIOD.match(period)
    start, end = (int(found[1]), int(found[2] or found[1])) if found else (0, 0)
    if not found or not FIRST_YEAR <= start <= end <= 2100:
        raise DomainRefusal(
            "P6",
            f"Kỳ kế hoạch {period!r} phải là một năm hoặc một khoảng năm (ví dụ 2011-2015), từ {FIRST_YEAR}.",
            f"A plan's period {period!r} is a year or a span of years (e.g. 2011-2015), from {FIRST_YEAR}.",
            period=period,
        )
    return start, end


def p6_content_areas(content_areas: Sequence[int], reference: ReferenceData) -> None:
    """P6: a plan lists at least one of the 11 content areas, each once."""
    allowed = list(reference.content_area_ids)
    unknown = sorted(set(content_areas) - set(allowed))
    repeated = _repeated(content_areas)
    if not (unknown or repeated or not content_areas):
        return
    vi = ["Kế hoạch xã liệt kê ít nhất một trong 11 nội dung của Chương trình (QĐ 800/QĐ-TTg),"
          " mỗi nội dung một lần."]
    en = ["A commune plan lists at least one of the programme's 11 content areas (Decision 800/QĐ-TTg),"
          " each once."]
    if unknown:
        vi.append(f"Không có nội dung số {unknown}.")
        en.append(f"Unknown content areas {unknown}.")
    if repeated:
        vi.append(f"Nội dung lặp lại: {repeated}.")
        en.append(f"Repeated: {repeated}.")
    if not content_areas:
        vi.append("Chưa có nội dung nào.")
        en.append("None listed.")
    raise DomainRefusal("P6", " ".join(vi), " ".join(en),
                        unknown=unknown, repeated=repeated, allowed=allowed, empty=not content_areas)


def p1_plan_criteria(criteria: Sequence[int]) -> None:
    """P1: the criteria a plan targets are among the 19, each once."""
    unknown = sorted(set(criteria) - set(CRITERIA_NUMBERS))
    repeated = _repeated(criteria)
    if unknown or repeated:
        raise DomainRefusal(
            "P1",
            "Kế hoạch chỉ nhắm các tiêu chí 1–19 của Bộ tiêu chí quốc gia, mỗi tiêu chí một lần:"
            f" không có {unknown}, lặp {repeated}.",
            "A plan targets only criteria 1-19 of the national set, each once:"
            f" unknown {unknown}, repeated {repeated}.",
            unknown=unknown, repeated=repeated, allowed=[CRITERIA_NUMBERS[0], CRITERIA_NUMBERS[-1]],
        )

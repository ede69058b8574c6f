"""Several as-of answers in one round trip, for a page that would otherwise ask once per date or per
district (the web dashboard's rate line and heat map): `GET /rates/series?dates=` and
`GET /districts/matrices?codes=`.

Readings chosen:
- Each item is exactly what the single endpoint answers (`/rates` at that `as_of`,
  `/districts/{code}/matrix`), in the order asked; every date of a series is read at the same
  `known_at` (default: now, taken once), so the line is one consistent picture.
- The lists are comma-separated and bounded: at most 16 dates (the programme's 10 year-ends and
  the day viewed fit; 16 × 11 characters stay under the kernel's 200 characters for one query
  value) and at most 20 districts (a province has about a dozen). An empty, malformed or longer
  list is refused with 422 `INPUT` / `INPUT-LENGTH` naming the figures, never cut silently.
"""
import re
from datetime import date, datetime
from typing import Any

import asyncpg

from thidua_facts.timeframe import Timeframe
from thidua_kernel.errors import InvalidInput
from thidua_kernel.limits import check_moment

from . import views

MAX_DATES = 16
MAX_DISTRICTS = 20
_CODE = re.compile(r"^[0-9A-Za-z_.-]{1,32}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _items(name: str, text: str, most: int) -> list[str]:
    items = text.split(",") if text else []
    if not 1 <= len(items) <= most:
        raise InvalidInput("INPUT-LENGTH",
                           f"{name}: từ 1 đến {most} giá trị, cách nhau bởi dấu phẩy (có {len(items)}).",
                           f"{name}: 1 to {most} comma-separated values (got {len(items)}).",
                           field=name, most=most, given=len(items))
    return items


def _day(text: str) -> date:
    try:
        if _DAY.match(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise InvalidInput("INPUT", f"dates: '{text[:40]}' không phải ngày dạng YYYY-MM-DD.",
                       f"dates: '{text[:40]}' is not a YYYY-MM-DD date.", field="dates", value=text[:40])


def parse_dates(text: str) -> list[date]:
    days = [_day(item) for item in _items("dates", text, MAX_DATES)]
    for day in days:
        check_moment("dates", day)
    return days


def parse_codes(text: str) -> list[str]:
    codes = _items("codes", text, MAX_DISTRICTS)
    for code in codes:
        if not _CODE.match(code):
            raise InvalidInput("INPUT", f"codes: '{code[:40]}' không phải mã đơn vị.",
                               f"codes: '{code[:40]}' is not a unit code.", field="codes", value=code[:40])
    return codes


async def rates_series(pool: asyncpg.Pool, days: list[date], known_at: datetime) -> dict[str, Any]:
    """P5 at each day, as `/rates` answers it at that as_of, all at the same known_at."""
    series = [await views.ntm_rates(pool, Timeframe(day, known_at)) for day in days]
    return {"known_at": known_at.isoformat(), "series": series}


async def district_matrices(pool: asyncpg.Pool, codes: list[str], tf: Timeframe) -> dict[str, Any]:
    return {**tf.as_json(), "matrices": await views.district_matrices(pool, codes, tf)}

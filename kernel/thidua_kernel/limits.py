"""Input limits: what a request may carry, chosen so that nothing accepted can stop the pipeline.

Readings chosen (also in the README, "Input limits"):

- A request body is at most MAX_BODY_BYTES (4 MiB: a district's matrix of 20,000 cells fits); a
  larger one is refused with 413 (rule INPUT-SIZE) from its Content-Length, before it is read, or
  as soon as a streamed body passes the limit.
- Each recorded event, serialised, is at most MAX_EVENT_BYTES (512 KiB). Kafka's defaults accept
  a record of about 1 MiB (broker `message.max.bytes` 1,048,588, producer `max.request.size`
  1,048,576); half of that leaves room for the record's headers and batch framing, so the outbox
  relay is never handed a record the broker refuses. PostgreSQL's jsonb takes far more.
- Every text field has a length: codes 32 characters, names and titles 300, document numbers 200,
  short labels 64, free text (reason, evidence, address...) 2,000, and 2,000 for any other string
  of a body. Text may not hold NUL (PostgreSQL text cannot) nor lone surrogates (not UTF-8).
- Dates lie in 1945-01-01..2100-12-31 (the Democratic Republic's founding year to a planning
  horizon), years in 1945..2100, `known_at` in the same span; integers of a body fit PostgreSQL's
  `integer`; numbers are finite; latitudes -90..90, longitudes -180..180; indicator values 0..10^12.
"""
import math
import unicodedata
from datetime import date, datetime, timezone
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from .errors import InvalidInput

MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_EVENT_BYTES = 512 * 1024
MAX_TEXT = 2000
MAX_HEADER_ID = 200  # Idempotency-Key and the like
MAX_QUERY_TEXT = 200  # one query value, decoded
MAX_PATH_BYTES, MAX_QUERY_BYTES = 1024, 4096  # as sent (percent-encoded)

FIRST_YEAR, LAST_YEAR = 1945, 2100
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
FIRST_MOMENT = datetime(FIRST_YEAR, 1, 1, tzinfo=timezone.utc)
LAST_MOMENT = datetime(LAST_YEAR, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # PostgreSQL integer

# Every command body and its parts (see http.CommandBody): finite numbers, bounded text. Strict
# types come from routes.parse_body (`model_validate_json(strict=True)`): a body from HTTP is
# strict, while the services' own code may still build commands from Python values.
BODY_CONFIG = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, str_max_length=MAX_TEXT)


class BodyPart(BaseModel):
    """A part nested in a command body (a criterion of a set, a part of a split...)."""

    model_config = BODY_CONFIG


Code = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z_.-]{1,32}$")]
Label = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=300)]
DocumentNumber = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Int = Annotated[int, Field(ge=INT_MIN, le=INT_MAX)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
# An indicator's value: a percentage, a count, an income or a ratio, never negative (P2, P3).
IndicatorValue = Annotated[float, Field(ge=0, le=1e12)]


def bad_text(text: str) -> str | None:
    """Why `text` cannot be stored as PostgreSQL text or sent as UTF-8, or None."""
    if "\x00" in text:
        return "NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "lone surrogate"
    return None


def check_values(value: Any, nfc: bool = False) -> None:
    """Every string, integer and number of a validated body, at any depth: storable text (and,
    with `nfc`, NFC-normalised), integers that fit, finite numbers: the net under each field's
    type. On the command path (a matrix has thousands of cells), so the walk dispatches on type
    and a value's location is put together only for a refusal."""
    try:
        _walk(value, nfc)
    except _Refused as refused:
        field = short(".".join(str(part) for part in reversed(refused.path)))
        raise PydanticCustomError(refused.kind, refused.message, {"field": field, **refused.figures}) from None


class _Refused(Exception):
    def __init__(self, kind: str, message: str, **figures: Any) -> None:
        self.kind, self.message, self.figures, self.path = kind, message, figures, []


_SCALARS = frozenset({bool, type(None), date})


def _walk(value: Any, nfc: bool) -> None:
    kind = type(value)
    if kind is str:
        _check_text(value, nfc)
    elif kind is int:
        if not INT_MIN <= value <= INT_MAX:
            raise _Refused("int_range", "integer in '{field}' is outside {low}..{high}", low=INT_MIN, high=INT_MAX)
    elif kind is float:
        if not math.isfinite(value):
            raise _Refused("finite_number", "number in '{field}' is not finite")
    elif kind is dict or kind is list or kind is tuple or isinstance(value, BaseModel):
        items = (value.__dict__ if isinstance(value, BaseModel) else value)
        pairs = items.items() if type(items) is dict else enumerate(items)
        for key, item in pairs:
            try:
                if type(key) is str:
                    _check_text(key, nfc)
                if type(item) not in _SCALARS:
                    _walk(item, nfc)
            except _Refused as refused:
                refused.path.append(key)
                raise


def _check_text(text: str, nfc: bool) -> None:
    if text.isascii() and "\x00" not in text:  # ASCII is NFC and UTF-8: only NUL can be wrong
        return
    problem = bad_text(text)
    if problem is not None:
        raise _Refused("input_text", "text in '{field}' holds a {problem}", problem=problem)
    if nfc and not unicodedata.is_normalized("NFC", text):
        raise _Refused("nfc", "NFC: text in field '{field}' is not NFC-normalised Unicode")


def short(value: Any, limit: int = 80) -> Any:
    """A value quoted in a refusal, cut to `limit` characters: an error never echoes large input."""
    if isinstance(value, str) and len(value) > limit:
        return value[:limit] + "…"
    return value


def check_moment(name: str, moment: datetime | date) -> None:
    """A query's `as_of` / `known_at` within FIRST_DAY..LAST_DAY (the database's and Python's
    datetime range both end near year 1 and 9999, where time zone arithmetic overflows)."""
    day = moment if not isinstance(moment, datetime) else moment.replace(tzinfo=None).date()
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput("INPUT-RANGE", f"{name} phải trong khoảng {FIRST_DAY}..{LAST_DAY}.",
                           f"{name} must lie within {FIRST_DAY}..{LAST_DAY}.", parameter=name)

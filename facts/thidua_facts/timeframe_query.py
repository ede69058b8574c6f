"""The one definition of the `as_of` and `known_at` query parameters every query route declares.

Every service's read routes take these (issue 11): the same names, types and OpenAPI
descriptions everywhere, the defaults filled in by `timeframe.resolve`.
"""
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated

from fastapi import Query

from thidua_kernel.clock import Clock

from .timeframe import Timeframe, resolve

AS_OF_DESCRIPTION = "Effective date asked about (default: today in Vietnam, UTC+7)."
KNOWN_AT_DESCRIPTION = ("Recording time asked about: nothing recorded later is read (default: now;"
                        " without a zone: Vietnam time, UTC+7).")

AsOf = Annotated[date | None, Query(description=AS_OF_DESCRIPTION)]
KnownAt = Annotated[datetime | None, Query(description=KNOWN_AT_DESCRIPTION)]


def timeframe_of(clock: Callable[[], Clock]) -> Callable[..., Timeframe]:
    """A FastAPI dependency: the route's (as_of, known_at), defaults filled by `clock()`'s now."""

    def when(as_of: AsOf = None, known_at: KnownAt = None) -> Timeframe:
        return resolve(clock(), as_of, known_at)

    return when

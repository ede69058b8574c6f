"""Every report kind that can be exported and issued: how its JSON is built at (as_of, known_at)
and its document layout (exports/). Adding a kind: its builder, its parameters' check and a
layout module, then one entry here."""
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import asyncpg

from thidua_facts.timeframe import Timeframe
from thidua_kernel.errors import InvalidInput
from thidua_kernel.limits import FIRST_YEAR, LAST_YEAR

from . import summary_views, views
from .exports import consolidated, thematic, yearly
from .thematic_report import PLANS
from .exports.spec import ReportLayout

if TYPE_CHECKING:
    from .deps import Deps

# (the handlers' deps, the pool of the read models, the kind's parameters, (as_of, known_at)) → JSON.
Builder = Callable[["Deps", asyncpg.Pool, dict[str, Any], Timeframe], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class ReportKind:
    name: str
    layout: ReportLayout
    build: Builder
    parameters: Callable[[dict[str, Any]], dict[str, Any]]  # checked and normalised, or InvalidInput


def no_parameters(kind: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def check(given: dict[str, Any]) -> dict[str, Any]:
        if given:
            raise InvalidInput("INPUT", f"Báo cáo {kind} không có tham số ({', '.join(sorted(given))}).",
                               f"The {kind} report takes no parameters ({', '.join(sorted(given))}).",
                               kind=kind, parameters=sorted(given))
        return {}
    return check


def one_parameter(kind: str, name: str, allowed: Callable[[Any], bool], said: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def check(given: dict[str, Any]) -> dict[str, Any]:
        if set(given) != {name} or not allowed(given[name]):
            raise InvalidInput("INPUT", f"Báo cáo {kind} cần đúng một tham số {name} ({said}).",
                               f"The {kind} report takes exactly one parameter {name} ({said}).",
                               kind=kind, parameters=sorted(given))
        return {name: given[name]}
    return check


async def _consolidated(deps: "Deps", pool: asyncpg.Pool, _: dict[str, Any], tf: Timeframe) -> dict[str, Any]:
    return await views.consolidated_report(pool, deps.province_code, tf, deps)


# R3 and R4 derive their as_of from the year or plan and known_at (summary_views): tf.as_of is unused.
async def _yearly(deps: "Deps", pool: asyncpg.Pool, parameters: dict[str, Any], tf: Timeframe) -> dict[str, Any]:
    return await summary_views.yearly_summary_report(deps, pool, parameters["year"], tf.known_at)


async def _thematic(deps: "Deps", pool: asyncpg.Pool, parameters: dict[str, Any], tf: Timeframe) -> dict[str, Any]:
    return await summary_views.thematic(deps, pool, parameters["plan"], tf.known_at)


def _year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and FIRST_YEAR <= value <= LAST_YEAR


KINDS: dict[str, ReportKind] = {
    "consolidated": ReportKind("consolidated", consolidated.LAYOUT, _consolidated, no_parameters("consolidated")),
    "yearly-summary": ReportKind("yearly-summary", yearly.LAYOUT, _yearly,
                                 one_parameter("yearly-summary", "year", _year, f"{FIRST_YEAR}..{LAST_YEAR}")),
    "thematic": ReportKind("thematic", thematic.LAYOUT, _thematic,
                           one_parameter("thematic", "plan", lambda p: p in PLANS, " | ".join(PLANS))),
}


def kind_of(name: str) -> ReportKind:
    found = KINDS.get(name)
    if found is None:
        raise InvalidInput("INPUT", f"Không có loại báo cáo {name} (có: {', '.join(KINDS)}).",
                           f"No report kind {name} (known: {', '.join(KINDS)}).", kind=name, kinds=list(KINDS))
    return found

"""Every report kind that can be exported and issued: how its JSON is built at (as_of, known_at)
and its document layout (exports/). Adding a kind: its builder, its parameters' check and a
layout module, then one entry here."""
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import asyncpg

from thidua_facts.timeframe import Timeframe
from thidua_kernel.errors import InvalidInput

from . import views
from .exports import consolidated
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


async def _consolidated(deps: "Deps", pool: asyncpg.Pool, _: dict[str, Any], tf: Timeframe) -> dict[str, Any]:
    return await views.consolidated_report(pool, deps.province_code, tf)


KINDS: dict[str, ReportKind] = {
    "consolidated": ReportKind("consolidated", consolidated.LAYOUT, _consolidated, no_parameters("consolidated")),
}


def kind_of(name: str) -> ReportKind:
    found = KINDS.get(name)
    if found is None:
        raise InvalidInput("INPUT", f"Không có loại báo cáo {name} (có: {', '.join(KINDS)}).",
                           f"No report kind {name} (known: {', '.join(KINDS)}).", kind=name, kinds=list(KINDS))
    return found

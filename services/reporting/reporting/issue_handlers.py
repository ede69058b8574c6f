"""issue-report: the province board issues a report under its number and symbol (R2-R4).

Load the number's stream → the same terms again: unchanged, other terms: R2 → else choose known_at
(catch_up.py: a moment the projections have fully seen), build the report, render every format,
hash, append ReportIssued (kernel `execute`: idempotent, a version conflict decided again)."""
from datetime import date
from typing import TYPE_CHECKING, Any

from contracts.reporting import ReportIssued, ReportIssuer
from thidua_facts.timeframe import Timeframe, resolve, vietnam_today
from thidua_kernel.auth import require_province_board
from thidua_kernel.commands import Decision, execute
from thidua_kernel.messages import CommandContext

from .deps import Deps
from .domain.issuing import IssueTerms, check_days, decide_again, settled_as_of
from .exports.render import Letterhead, hashes
from .inspection_store import decided
from .issue_store import ISSUED_REPORT, load_issued
from .report_kinds import kind_of

if TYPE_CHECKING:
    from .issue_commands import IssueReport


def issued_json(issued: ReportIssued) -> dict[str, Any]:
    return issued.model_dump(mode="json")


async def issue_report(deps: Deps, ctx: CommandContext, cmd: "IssueReport") -> dict[str, Any]:
    require_province_board(ctx.actor, "ban hành báo cáo / issue reports")
    assert deps.reports is not None, "bootstrap wires deps.reports"
    kind = kind_of(cmd.kind)
    known_at = None if cmd.known_at is None else resolve(deps.clock, None, cmd.known_at).known_at  # no zone: Vietnam
    terms = IssueTerms(cmd.number, cmd.kind, kind.parameters(dict(cmd.parameters)), cmd.issued_on, cmd.as_of, known_at)
    check_days(terms, vietnam_today(deps.clock))

    async def decide() -> Decision:
        issued, _, version = await load_issued(deps, terms.number)
        if issued is not None:
            decide_again(issued, terms)
            return decided(ISSUED_REPORT, terms.number, version, None, terms.issued_on,
                           {"number": terms.number, "issued": issued_json(issued)})
        moment = await deps.reports.final_known_at(terms.known_at)
        asked = Timeframe(terms.as_of or terms.issued_on, moment)
        report = await deps.reports.build(deps, kind, terms.parameters, asked)
        as_of = settled_as_of(terms, date.fromisoformat(report["as_of"]))
        event = ReportIssued(
            number=terms.number, kind=terms.kind, parameters=terms.parameters, province_code=deps.reports.province_code,
            issued_on=terms.issued_on, issuer=ReportIssuer(**ctx.actor.model_dump()), as_of=as_of,
            known_at=moment, known_at_given=terms.known_at is not None,
            hashes=await deps.reports.off_loop(hashes, report, kind.layout, Letterhead(terms.number, terms.issued_on)))
        return decided(ISSUED_REPORT, terms.number, version, event, terms.issued_on,
                       {"number": terms.number, "issued": issued_json(event)})

    return await execute(deps.store, ctx, "IssueReport", cmd.model_dump(mode="json"), decide)

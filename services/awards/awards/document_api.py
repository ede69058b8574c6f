"""Document routes: the award decision (DOCX, its list as XLSX), a conferred award's certificate
(PDF), the national nomination of Decision 1620/QĐ-TTg (JSON, XLSX); each as known at `known_at`.

Files answer with their media type and a Content-Disposition naming them in UTF-8 (RFC 6266
`filename*`, with an ASCII `filename` beside it for old clients).
"""
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from dataclasses import replace

from fastapi import APIRouter, Depends, Request, Response

from contracts.envelope import Actor
from thidua_facts.timeframe import Timeframe
from thidua_kernel.authentication import request_actor
from thidua_kernel.limits import DocumentNumber, Name

from . import document_views, documents, personal_data
from .deps import Deps
from .domain.eligibility_facts import EligibilityFacts, eligibility_facts
from .domain.refusals import defined
from .domain.round_state import RoundState
from .loading import load_round

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def file_response(content: bytes, media_type: str, name: str) -> Response:
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "-", name.encode("ascii", "ignore").decode()).strip("-") or "file"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


def _file(media_type: str) -> dict[str, Any]:
    return {"response_class": Response, "responses": {200: {
        "description": "The file", "content": {media_type: {"schema": {"type": "string", "format": "binary"}}}}}}


def _safe(text: str) -> str:
    return text.replace("/", "-")


async def judged(deps: Deps, code: str, tf: Timeframe) -> tuple[RoundState, EligibilityFacts, Any]:
    """The round as known at K, its facts at the reference date as known at K, and those raw facts."""
    state = await load_round(deps, code, tf.known_at)
    definition = defined(state)
    at_reference = await deps.facts(definition.reference_date, tf.known_at, definition.province_code)
    return state, eligibility_facts(at_reference, None, definition.province_code), at_reference


async def named(deps: Deps, state: RoundState, actor: Actor) -> RoundState:
    """The round with each individual nominee named as `actor` may read it (issue 11,
    personal_data.printed_name): the decision and the certificate print what the JSON views show."""
    shown = {k: personal_data.sees(actor, n.nominee, n.nominating_unit) for k, n in state.nominations.items()}
    names = await personal_data.names_for(deps.sealed_names, [(n.nominee, shown[k])
                                                              for k, n in state.nominations.items()])
    return replace(state, nominations={
        k: replace(n, nominee=replace(n.nominee, name=personal_data.printed_name(n.nominee, shown[k], names)))
        if n.nominee.is_individual else n for k, n in state.nominations.items()})


def add_document_routes(router: APIRouter, deps: Callable[[], Deps], known: Callable[..., Timeframe]) -> None:
    async def decision(round_code: str, number: str, signer: str | None, tf: Timeframe, actor: Actor):
        state, facts, _ = await judged(deps(), round_code, tf)
        state = await named(deps(), state, actor)
        return document_views.printable(document_views.award_decision(state, number, facts, signer or ""))

    @router.get("/rounds/{round_code}/decision.docx", **_file(DOCX))
    async def decision_docx(request: Request, round_code: str, number: DocumentNumber, signer: Name | None = None,
                            tf: Timeframe = Depends(known)) -> Response:
        """The award decision numbered `number` (Decree 30/2020/NĐ-CP layout), with its list;
        individuals named only for roles that may read personal data (their code otherwise)."""
        made = await decision(round_code, number, signer, tf, request_actor(request))
        return file_response(documents.decision_docx(made), DOCX, f"Quyết định {_safe(number)}.docx")

    @router.get("/rounds/{round_code}/decision.xlsx", **_file(XLSX))
    async def decision_xlsx(request: Request, round_code: str, number: DocumentNumber, signer: Name | None = None,
                            tf: Timeframe = Depends(known)) -> Response:
        made = await decision(round_code, number, signer, tf, request_actor(request))
        return file_response(documents.decision_xlsx(made), XLSX, f"Danh sách khen thưởng {_safe(number)}.xlsx")

    @router.get("/rounds/{round_code}/nominations/{award_kind}/{nominee_code}/certificate.pdf", **_file(PDF))
    async def certificate(request: Request, round_code: str, award_kind: str, nominee_code: str,
                          signer: Name | None = None, tf: Timeframe = Depends(known)) -> Response:
        """The certificate of a conferred award (422 A11 before it is conferred)."""
        state, facts, _ = await judged(deps(), round_code, tf)
        state = await named(deps(), state, request_actor(request))
        paper = document_views.printable(document_views.certificate(
            state, document_views.conferred(state, award_kind, nominee_code), facts, signer or ""))
        return file_response(documents.certificate_pdf(paper), PDF, f"Bằng khen {nominee_code}.pdf")

    async def national(round_code: str, tf: Timeframe):
        state, facts, raw = await judged(deps(), round_code, tf)
        return document_views.printable(document_views.national_nomination(state, facts, raw.recognitions,
                                                                            facts.province_name))

    @router.get("/rounds/{round_code}/national-nomination")
    async def national_nomination(round_code: str, tf: Timeframe = Depends(known)) -> dict[str, Any]:
        """Decision 1620/QĐ-TTg: the province's district and communes for the national movement."""
        return documents.national_nomination_dict(await national(round_code, tf))

    @router.get("/rounds/{round_code}/national-nomination.xlsx", **_file(XLSX))
    async def national_nomination_xlsx(round_code: str, tf: Timeframe = Depends(known)) -> Response:
        made = await national(round_code, tf)
        return file_response(documents.national_nomination_xlsx(made), XLSX,
                             f"Đề nghị khen thưởng 1620 {round_code}.xlsx")

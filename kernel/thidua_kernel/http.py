"""HTTP edge shared by the services: error bodies that name the rule, auth, NFC-checked input."""
import inspect
import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID, uuid4

import structlog
from fastapi import FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

from contracts.envelope import Actor

from .errors import ThiduaError
from .messages import CommandContext


def _non_nfc(value: Any, path: str = "") -> str | None:
    if isinstance(value, str):
        return path if not unicodedata.is_normalized("NFC", value) else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _non_nfc(item, f"{path}.{key}" if path else str(key))
        if found is not None:
            return found
    return None


class CommandBody(BaseModel):
    """Every command body: no unknown fields, and Vietnamese text only in NFC.

    Reading chosen: the HTTP API refuses non-NFC text (rule NFC) instead of silently rewriting
    what a client signed; imports from reference packages are normalised on the way in.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _text_is_nfc(cls, data: Any) -> Any:
        field = _non_nfc(data)
        if field is not None:
            raise PydanticCustomError(
                "nfc", "NFC: text in field '{field}' is not NFC-normalised Unicode", {"field": field}
            )
        return data


log = structlog.get_logger("thidua.http")


def refusal_response(request: Request, exc: ThiduaError) -> JSONResponse:
    log.info("command refused", path=request.url.path, rule=exc.rule, status=exc.status_code)
    return JSONResponse({"error": exc.as_dict()}, status_code=exc.status_code)


def invalid_input_response(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    kinds = {e.get("type") for e in errors}
    if "json_invalid" in kinds:
        rule, status, vi, en = "INPUT-JSON", 400, "Nội dung không phải JSON hợp lệ.", "The body is not valid JSON."
    elif "nfc" in kinds:
        rule, status = "NFC", 422
        vi, en = "Văn bản tiếng Việt phải ở dạng chuẩn hoá NFC.", "Vietnamese text must be NFC-normalised."
    else:
        rule, status, vi, en = "INPUT", 422, "Dữ liệu đầu vào không hợp lệ.", "The input is not valid."
    details = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in errors]
    body = {"rule": rule, "message_vi": vi, "message_en": en, "figures": {"errors": details}}
    return JSONResponse({"error": body}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    """Every refusal and every invalid input as `{"error": {rule, message_vi, message_en, figures}}`."""

    @app.exception_handler(ThiduaError)
    async def _thidua_error(request: Request, exc: ThiduaError) -> JSONResponse:
        return refusal_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return invalid_input_response(request, exc)


def actor_dependency(tokens: Any) -> Callable[..., Awaitable[Actor]]:
    """`tokens.authenticate(authorization)`: a TokenRegistry's (plain) or an Authenticator's (async)."""
    # async: a cached look-up, so FastAPI must not send it to the thread pool (a sync
    # dependency costs a thread hop, ~0.3 ms per request here, for microseconds of work).
    async def current_actor(authorization: str | None = Header(default=None)) -> Actor:
        actor = tokens.authenticate(authorization)
        return await actor if inspect.isawaitable(actor) else actor

    return current_actor


def command_context(
    actor: Actor,
    idempotency_key: str | None,
    correlation_id: str | None,
    reason: str | None = None,
    document_number: str | None = None,
) -> CommandContext:
    try:
        correlation = UUID(correlation_id) if correlation_id else uuid4()
    except ValueError as exc:
        raise ThiduaError(
            "INPUT", "X-Correlation-Id phải là UUID.", "X-Correlation-Id must be a UUID.", value=correlation_id
        ) from exc
    structlog.contextvars.bind_contextvars(correlation_id=str(correlation))
    return CommandContext(
        actor=actor,
        correlation_id=correlation,
        idempotency_key=f"{actor.principal_id}:{idempotency_key}" if idempotency_key else None,
        reason=reason,
        document_number=document_number,
    )

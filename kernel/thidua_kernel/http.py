"""HTTP edge shared by the services: error bodies that name the rule, auth, NFC-checked input."""
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar
from uuid import UUID, uuid4

import structlog
from fastapi import FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from contracts.envelope import Actor

from .errors import MalformedRequest, ThiduaError
from .limits import BODY_CONFIG, check_values, short
from .messages import CommandContext
from .outages import OUTAGES, Unavailable


class CommandBody(BaseModel):
    """Every command body: no unknown fields, strict types, bounded text, Vietnamese text in NFC.

    Strict from HTTP (routes.parse_body): no string or boolean is coerced into a number or a flag
    (`"met": "yes"`, `"criterion": "1"` or `true` are refused, rule INPUT-TYPE); numbers are finite; every string is at most
    MAX_TEXT characters unless its field says less (limits.py has the readings). Nested parts
    of a body take BODY_CONFIG too (BodyPart, or `__pydantic_config__` on a TypedDict).

    Reading chosen: the HTTP API refuses non-NFC text (rule NFC) instead of silently rewriting
    what a client signed; imports from reference packages are normalised on the way in.
    """

    model_config = BODY_CONFIG

    # A body field renamed since: its old name is refused naming the new one (not merely "extra").
    renamed_fields: ClassVar[dict[str, str]] = {}

    # After, not before, field validation: a "before" model validator would make pydantic
    # validate the parsed dict in Python mode, where strict mode refuses a date given as a string.
    @model_validator(mode="after")
    def _storable_values(self) -> "CommandBody":
        check_values(self, nfc=True)
        return self


log = structlog.get_logger("thidua.http")


def refusal_response(request: Request, exc: ThiduaError) -> JSONResponse:
    log.info("command refused", path=request.url.path, rule=exc.rule, status=exc.status_code)
    # e.g. Retry-After on a 503 (backpressure.OutboxFull)
    return JSONResponse({"error": exc.as_dict()}, status_code=exc.status_code, headers=getattr(exc, "headers", None))


# Pydantic's error types, by the rule a refusal names (first match wins, in this order).
_RULES = (
    ("INPUT-JSON", 400, "Nội dung không phải JSON hợp lệ.", "The body is not valid JSON.",
     lambda t: t in {"json_invalid", "json_type"}),
    ("INPUT-TEXT", 422, "Văn bản chứa ký tự NUL hoặc surrogate lẻ.", "Text holds a NUL character or a lone surrogate.",
     lambda t: t == "input_text"),
    ("NFC", 422, "Văn bản tiếng Việt phải ở dạng chuẩn hoá NFC.", "Vietnamese text must be NFC-normalised.",
     lambda t: t == "nfc"),
    ("INPUT-LENGTH", 422, "Văn bản hoặc danh sách dài quá giới hạn.", "A text or a list is longer than its limit.",
     lambda t: t in {"string_too_long", "too_long"}),
    ("INPUT-TYPE", 422, "Sai kiểu dữ liệu (không tự chuyển chuỗi hay true/false thành số).",
     "A value has the wrong type (strings and booleans are not taken as numbers or flags).",
     lambda t: t.endswith("_type") or t.endswith("_parsing")),
    ("INPUT-RANGE", 422, "Giá trị nằm ngoài khoảng cho phép.", "A value lies outside its allowed range.",
     lambda t: t in {"finite_number", "int_range", "greater_than", "greater_than_equal", "less_than",
                     "less_than_equal"}),
)


def invalid_input_response(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    kinds = [str(e.get("type", "")) for e in errors]
    rule, status, vi, en = "INPUT", 422, "Dữ liệu đầu vào không hợp lệ.", "The input is not valid."
    for candidate, code, text_vi, text_en, matches in _RULES:
        if any(matches(kind) for kind in kinds):
            rule, status, vi, en = candidate, code, text_vi, text_en
            break
    # Never the input itself: a location or message may quote a (huge) key, so each is cut short.
    details = [{"loc": [short(part) for part in e.get("loc", ())], "msg": short(e.get("msg")), "type": e.get("type")}
               for e in errors[:20]]
    log.info("input refused", path=short(request.url.path), rule=rule, status=status)
    body = {"rule": rule, "message_vi": vi, "message_en": en, "figures": {"errors": details}}
    return JSONResponse({"error": body}, status_code=status)


def http_error_response(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Starlette's own refusals (no such route, method not allowed, a body it could not parse)
    with a rule too: ROUTE for 404 and 405, INPUT otherwise."""
    rule = "ROUTE" if exc.status_code in (404, 405) else "INPUT"
    vi = {404: "Không có đường dẫn này.", 405: "Phương thức không được phép ở đường dẫn này."}.get(
        exc.status_code, "Yêu cầu không hợp lệ.")
    body = {"rule": rule, "message_vi": vi, "message_en": short(str(exc.detail)), "figures": {}}
    return JSONResponse({"error": body}, status_code=exc.status_code, headers=getattr(exc, "headers", None))


def install_error_handlers(app: FastAPI) -> None:
    """Every refusal and every invalid input as `{"error": {rule, message_vi, message_en, figures}}`."""

    @app.exception_handler(ThiduaError)
    async def _thidua_error(request: Request, exc: ThiduaError) -> JSONResponse:
        return refusal_response(request, exc)

    async def _outage(request: Request, exc: Exception) -> JSONResponse:
        log.warning("request met an outage", path=request.url.path, error=f"{type(exc).__name__}: {exc}")
        return refusal_response(request, Unavailable(exc))

    for outage in OUTAGES:
        app.add_exception_handler(outage, _outage)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return invalid_input_response(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return http_error_response(request, exc)


def actor_dependency(tokens: Any) -> Callable[..., Awaitable[Actor]]:
    """`tokens.authenticate(authorization)`: a TokenRegistry's (plain) or an Authenticator's (async)."""
    # async: a cached look-up, so FastAPI must not send it to the thread pool (a sync
    # dependency costs a thread hop, ~0.3 ms per request here, for microseconds of work).
    async def current_actor(authorization: str | None = Header(default=None)) -> Actor:
        actor = tokens.authenticate(authorization)
        return await actor if inspect.isawaitable(actor) else actor

    return current_actor


def _header_uuid(name: str, value: str | None) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError as exc:
        raise MalformedRequest("INPUT", f"{name} phải là UUID.", f"{name} must be a UUID.", value=short(value)) from exc


def command_context(
    actor: Actor,
    idempotency_key: str | None,
    correlation_id: str | None,
    reason: str | None = None,
    document_number: str | None = None,
    causation_id: str | None = None,
) -> CommandContext:
    """`causation_id` (X-Causation-Id): the event the caller acts upon, e.g. a recognition that a
    nomination follows; no service checks it against another's log (it may live in another service)."""
    correlation = _header_uuid("X-Correlation-Id", correlation_id) or uuid4()
    structlog.contextvars.bind_contextvars(correlation_id=str(correlation))
    return CommandContext(
        actor=actor,
        correlation_id=correlation,
        causation_id=_header_uuid("X-Causation-Id", causation_id),
        idempotency_key=f"{actor.principal_id}:{idempotency_key}" if idempotency_key else None,
        reason=reason,
        document_number=document_number,
    )

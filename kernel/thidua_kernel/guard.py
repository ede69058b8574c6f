"""The outermost ASGI layer: what no route should ever see, refused before any route runs.

- A body over MAX_BODY_BYTES: 413 INPUT-SIZE from its Content-Length before a byte is read, or
  as soon as a streamed body passes the limit (nothing larger is ever held in memory).
- A path longer than MAX_PATH_BYTES or a query string longer than MAX_QUERY_BYTES (encoded): 414
  INPUT-SIZE (a path parameter is quoted back in some refusals; it stays short).
- A path or query string whose percent-decoding is not UTF-8 or holds NUL (PostgreSQL text cannot
  store it), a query value longer than MAX_QUERY_TEXT, or a header used as an id holding control
  characters: 400 INPUT-TEXT. Servers decode such input with replacement characters or pass NUL
  on; here it never reaches a query.
"""
from typing import Any
from urllib.parse import unquote_to_bytes

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import MalformedRequest, PayloadTooLarge, ThiduaError, UriTooLong
from .limits import MAX_BODY_BYTES, MAX_HEADER_ID, MAX_PATH_BYTES, MAX_QUERY_BYTES, MAX_QUERY_TEXT

ID_HEADERS = (b"idempotency-key", b"x-correlation-id", b"x-causation-id")
MAX_AUTHORIZATION = 8192


def body_too_large(size: int | None = None) -> PayloadTooLarge:
    return PayloadTooLarge("INPUT-SIZE", f"Nội dung yêu cầu vượt quá {MAX_BODY_BYTES} byte.",
                           f"The request body exceeds {MAX_BODY_BYTES} bytes.", limit_bytes=MAX_BODY_BYTES,
                           content_length=size)


def _bad_text(part: str, text: str) -> MalformedRequest:
    return MalformedRequest("INPUT-TEXT", f"{part} không phải văn bản UTF-8 hợp lệ (hoặc chứa NUL, ký tự điều khiển,"
                            " hoặc quá dài).", f"The {part} is not valid UTF-8 text (or holds NUL, a control"
                            " character, or is too long).", part=part, problem=text)


def check_request_line(scope: Scope) -> None:
    """The path, the query string and the id headers as text a query or an event can hold."""
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    query = scope.get("query_string", b"")
    if len(raw_path) > MAX_PATH_BYTES or len(query) > MAX_QUERY_BYTES:
        raise UriTooLong("INPUT-SIZE", "Đường dẫn hoặc chuỗi truy vấn quá dài.", "The path or query string is too long.",
                         limit_path_bytes=MAX_PATH_BYTES, limit_query_bytes=MAX_QUERY_BYTES)
    _decoded(unquote_to_bytes(raw_path.split(b"?", 1)[0]), "path")
    for pair in query.split(b"&") if query else ():
        for piece in pair.split(b"=", 1):
            value = _decoded(unquote_to_bytes(piece.replace(b"+", b" ")), "query string")
            if len(value) > MAX_QUERY_TEXT:
                raise _bad_text("query string", f"a value longer than {MAX_QUERY_TEXT} characters")
    for name, value in scope.get("headers", ()):
        if name in ID_HEADERS and (len(value) > MAX_HEADER_ID or not _printable_ascii(value)):
            raise _bad_text(f"{name.decode()} header", "not 1..200 printable ASCII characters")
        if name == b"authorization" and (len(value) > MAX_AUTHORIZATION or not _printable_ascii(value)):
            raise _bad_text("authorization header", "not printable ASCII, or too long")


def _printable_ascii(value: bytes) -> bool:
    return all(0x20 <= b < 0x7F for b in value)


def _decoded(raw: bytes, part: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _bad_text(part, "not UTF-8") from None
    if "\x00" in text:
        raise _bad_text(part, "NUL character")
    return text


class InputGuard:
    """Wraps the whole service (command fast path and FastAPI app alike)."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        try:
            check_request_line(scope)
            declared = _content_length(scope)
            if declared is not None and declared > MAX_BODY_BYTES:
                raise body_too_large(declared)
        except ThiduaError as refusal:
            await refuse(refusal, send)
            return
        await self._app(scope, _bounded(receive), send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                raise MalformedRequest("INPUT", "Content-Length không hợp lệ.", "Invalid Content-Length.") from None
    return None


def _bounded(receive: Receive) -> Receive:
    """`receive` that raises PayloadTooLarge (a refusal the routes render) past MAX_BODY_BYTES."""
    received = 0

    async def bounded_receive() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > MAX_BODY_BYTES:
                raise body_too_large()
        return message

    return bounded_receive


async def refuse(refusal: ThiduaError, send: Send) -> None:
    body = orjson.dumps({"error": refusal.as_dict()})
    headers: list[Any] = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if refusal.status_code == 413:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": refusal.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})

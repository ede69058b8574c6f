"""/api/<service>/<path>: the browser's requests forwarded to the service, as sent.

Same origin, so the browser needs no CORS and the services need no CORS policy. The user's bearer
token, the idempotency key and the correlation id go along; the service decides who may do what,
and its refusal (`{"error": {"rule", "message_vi", ...}}`) comes back unchanged. What the gateway
refuses itself has the same shape.
"""
from collections.abc import Mapping

import httpx
import orjson
from starlette.requests import Request
from starlette.responses import Response

# The services' own body limit (kernel limits.py): refused here before anything is forwarded.
MAX_BODY = 4 * 1024 * 1024
REQUEST_HEADERS = ("authorization", "content-type", "accept", "idempotency-key", "x-correlation-id",
                   "x-causation-id")
RESPONSE_HEADERS = ("content-type", "content-disposition", "retry-after", "x-correlation-id")


def refusal(status: int, rule: str, vi: str, en: str, **figures: object) -> Response:
    body = {"error": {"rule": rule, "message_vi": vi, "message_en": en, "figures": figures}}
    return Response(orjson.dumps(body), status, media_type="application/json")


class Gateway:
    """Forwards to the services named in `upstreams` ({name: base URL}) with one pooled client."""

    def __init__(self, upstreams: Mapping[str, str], timeout_s: float,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        """`transport`: for tests, fake services in this process (httpx.ASGITransport)."""
        self.upstreams = dict(upstreams)
        self.timeout_s = timeout_s
        self.transport = transport
        self.client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        self.client = httpx.AsyncClient(timeout=self.timeout_s, trust_env=False, follow_redirects=False,
                                        transport=self.transport)

    async def stop(self) -> None:
        if self.client is not None:
            await self.client.aclose()

    async def forward(self, request: Request) -> Response:
        service = request.path_params["service"]
        base = self.upstreams.get(service)
        if base is None:
            return refusal(404, "ROUTE", f"Không có dịch vụ '{service[:80]}'.", f"No service '{service[:80]}'.",
                           service=service[:80], services=sorted(self.upstreams))
        body = await _body(request)
        if body is None:
            return refusal(413, "INPUT-SIZE", "Nội dung yêu cầu quá lớn.", "Request body too large.", limit=MAX_BODY)
        # The raw path and query, so what the service parses is byte for byte what the browser sent.
        raw = request.scope.get("raw_path") or request.url.path.encode()
        rest = raw[len(f"/api/{service}"):] or b"/"
        query = request.scope.get("query_string", b"")
        url = httpx.URL(base).copy_with(raw_path=rest + (b"?" + query if query else b""))
        headers = {k: v for k in REQUEST_HEADERS if (v := request.headers.get(k)) is not None}
        try:
            assert self.client is not None, "gateway not started"
            answer = await self.client.request(request.method, url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            return refusal(502, "UPSTREAM", f"Dịch vụ {service} không trả lời.", f"The {service} service did not answer.",
                           service=service, reason=type(exc).__name__)
        out = {k: v for k in RESPONSE_HEADERS if (v := answer.headers.get(k)) is not None}
        return Response(answer.content, answer.status_code, headers=out)


async def _body(request: Request) -> bytes | None:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)

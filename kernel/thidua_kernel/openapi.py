"""The OpenAPI document says every status a route can answer, each refusal with its body schema.

Every refusal of every route has one shape, `{"error": {rule, message_vi, message_en, figures}}`
(http.py, guard.py); FastAPI's own 422 schema (HTTPValidationError) is not what the services send,
so it is replaced. The statuses documented on every operation are those the shared edge can give
(400 malformed, 401/403 auth, 404 not found or no such route, 409 conflicts, 413 / 414 too large, 415
media type, 422 invalid input or a domain rule, 503 a dependency away); /health's 503 is its
state, not a refusal.
"""
from typing import Any

from fastapi import FastAPI

REFUSAL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["rule", "message_vi", "message_en", "figures"],
        "properties": {
            "rule": {"type": "string", "description": "DOMAIN.md rule id or a kernel rule (INPUT-*, NFC, AUTH...)"},
            "message_vi": {"type": "string"},
            "message_en": {"type": "string"},
            "figures": {"type": "object"},
        },
    }},
}
REFUSALS = {
    "400": "Malformed request: not JSON (INPUT-JSON), text that cannot be stored (INPUT-TEXT), INPUT",
    "401": "No valid bearer token (AUTH)",
    "403": "The token's role or scope may not do this (AUTH-ROLE, AUTH-SCOPE)",
    "404": "Not found (a DOMAIN.md rule such as U1 or U8, OPS), or no such route (ROUTE)",
    "409": "Conflict: CONCURRENCY, IDEMPOTENCY, OPS",
    "413": "Body or event too large (INPUT-SIZE)",
    "414": "Path or query string too long (INPUT-SIZE)",
    "415": "A command body that is not application/json (INPUT-MEDIA)",
    "422": "Invalid input (INPUT, INPUT-TYPE, INPUT-RANGE, INPUT-LENGTH, INPUT-TEXT, NFC) or a domain rule",
    "503": "Unavailable for now, retry later (Retry-After): a dependency is away (the token keys, AUTH;"
           " PostgreSQL or Kafka, UNAVAILABLE) or the outbox is over its limit (BACKPRESSURE)",
}


def document_refusals(app: FastAPI) -> None:
    """Make `app.openapi()` document every refusal status with REFUSAL_SCHEMA."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            add_refusals(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def add_refusals(schema: dict[str, Any]) -> None:
    schema.setdefault("components", {}).setdefault("schemas", {})["Refusal"] = REFUSAL_SCHEMA
    schema["components"]["schemas"].pop("HTTPValidationError", None)
    schema["components"]["schemas"].pop("ValidationError", None)
    ref = {"$ref": "#/components/schemas/Refusal"}
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in REFUSALS.items():
                responses.setdefault(status, {"description": description,
                                              "content": {"application/json": {"schema": ref}}})
                if status == "422":  # FastAPI's own 422 names a schema the services never send
                    responses[status]["content"] = {"application/json": {"schema": ref}}
            if path == "/health":
                responses["503"] = {"description": "A background task is down (the same state, ok false)",
                                    "content": {"application/json": {"schema": {"type": "object"}}}}

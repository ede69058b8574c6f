"""Who is asking, for every request but a few open ones: settings → one Authenticator.

Verifiers, any of which may be configured (a service with none refuses to start):
- JWT access tokens (jwt_verify): THIDUA_JWT_ISSUER with THIDUA_SIGNING_KEYS_DIR (the issuing
  registry checks against its own keys) or THIDUA_JWKS_URL (the other services, or a province's
  OIDC provider); THIDUA_JWT_AUDIENCE (default "thidua").
- A static token file (THIDUA_TOKENS_FILE): for development and tests only, never a default.
THIDUA_PUBLIC_READ=true grants reads without a token, as role `public` (no personal data).

Reads need a token too: RequireToken answers 401 rule AUTH before routing for every path except
OPEN_PATHS; a command checks its token in its own endpoint (routes.py), the fast path included.
"""
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from contracts.envelope import Actor

from .auth import PUBLIC, TokenRegistry, bearer_token, not_authenticated
from .clock import Clock
from .errors import ThiduaError
from .http import refusal_response
from .jwt_keys import KeyRing
from .jwt_verify import JwtVerifier, KeySet, jwks_over_http
from .openapi import REFUSAL_SCHEMA
from .revocations import Revocations
from .settings import ServiceSettings

OPEN_PATHS = frozenset({"/health", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc",
                        "/.well-known/jwks.json", "/auth/token"})
READ_METHODS = frozenset({"GET", "HEAD"})


class NoVerifierConfigured(SystemExit):
    def __init__(self) -> None:
        super().__init__(
            "thidua: no token verifier configured, refusing to start. Set THIDUA_JWT_ISSUER with"
            " THIDUA_JWKS_URL (or THIDUA_SIGNING_KEYS_DIR on the issuing registry); for development"
            " and tests only, THIDUA_TOKENS_FILE. See README, 'Sign-in and tokens'.")


class Authenticator:
    def __init__(self, static: TokenRegistry | None, jwt: JwtVerifier | None, public_read: bool) -> None:
        self.static, self.jwt, self.public_read = static, jwt, public_read
        self._public = Actor(principal_id="public", role=PUBLIC, scope="") if public_read else None

    async def authenticate(self, authorization: str | None, read: bool = False) -> Actor:
        token = bearer_token(authorization)
        if token is None:
            if read and self._public is not None and not authorization:
                return self._public
            raise not_authenticated("missing")
        if self.static is not None:
            actor = self.static.tokens.get(token)
            if actor is not None:
                return actor
        if self.jwt is not None and token.count(".") == 2:
            return (await self.jwt.verify(token)).actor
        raise not_authenticated("unknown_token")


def authenticator_from_settings(settings: ServiceSettings, revocations: Revocations, clock: Clock) -> Authenticator:
    static = TokenRegistry.from_file(settings.tokens_file) if settings.tokens_file else None
    verifier = None
    if settings.jwt_issuer and (settings.signing_keys_dir or settings.jwks_url):
        if settings.jwks_url:
            fetch = jwks_over_http(settings.jwks_url)
        else:
            folder = Path(settings.signing_keys_dir)

            async def fetch() -> dict[str, Any]:
                return KeyRing.load(folder).jwks()
        # Local keys are a file read away: a token of a key rotated in a moment ago finds it at once.
        keys = KeySet(fetch, max_age_s=settings.jwks_max_age_seconds,
                      min_refresh_s=settings.jwks_min_refresh_seconds if settings.jwks_url else 0.0)
        verifier = JwtVerifier(keys, settings.jwt_issuer, settings.jwt_audience, revocations, clock)
    if static is None and verifier is None:
        raise NoVerifierConfigured()
    return Authenticator(static, verifier, settings.public_read)


class RequireToken:
    """ASGI: every request outside OPEN_PATHS carries a valid token (reads may be public)."""

    def __init__(self, app: ASGIApp, authenticator: Authenticator) -> None:
        self._app, self._auth = app, authenticator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self._app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        authorization = headers.get(b"authorization")
        try:
            actor = await self._auth.authenticate(authorization.decode("latin-1") if authorization else None,
                                                  read=scope["method"] in READ_METHODS)
        except ThiduaError as refused:
            await refusal_response(Request(scope, receive), refused)(scope, receive, send)
            return
        scope.setdefault("state", {})["actor"] = actor
        await self._app(scope, receive, send)


def request_actor(request: Request) -> Actor:
    """The actor RequireToken authenticated for this request (for views that shape by role)."""
    return request.state.actor


def document_security(app: FastAPI) -> None:
    """The OpenAPI document names the bearer-JWT scheme and the 401/403 answers of each operation."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            components = schema.setdefault("components", {})
            components.setdefault("securitySchemes", {})["bearerAuth"] = {
                "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                "description": "An access token from the registry's POST /auth/token (or the province's"
                               " identity provider). Development stacks may use static tokens."}
            components.setdefault("schemas", {})["Refusal"] = REFUSAL_SCHEMA
            refusal = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refusal"}}}}
            for path, operations in schema.get("paths", {}).items():
                if path in OPEN_PATHS:
                    continue
                for operation in operations.values():
                    operation["security"] = [{"bearerAuth": []}]
                    answers = operation.setdefault("responses", {})
                    answers.setdefault("401", {"description": "No, invalid, expired or revoked token (rule AUTH)",
                                               **refusal})
                    answers.setdefault("403", {"description": "The token's role or scope does not allow it"
                                                              " (rules AUTH-ROLE, AUTH-SCOPE)", **refusal})
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

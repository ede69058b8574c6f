"""Sign-in: `POST /auth/token` (OAuth2 password grant) answers a signed, expiring access token;
`GET /.well-known/jwks.json` publishes the public keys every service verifies it with.

The token is a JWT signed with the newest key of THIDUA_SIGNING_KEYS_DIR (EdDSA, `kid` in its
header): iss, aud, sub (the user name), iat (with milliseconds, so a token asked for right after
a role change is not taken for one issued before it), exp, jti, role, unit (the scope).
A wrong user name, a wrong password and a disabled account get the same 401 (rule AUTH) after the
same argon2 work, so an answer tells nothing about which accounts exist.
"""
import asyncio
import re
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jwt
import orjson
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from thidua_kernel.auth import not_authenticated
from thidua_kernel.clock import Clock
from thidua_kernel.errors import ThiduaError, UnsupportedMediaType
from thidua_kernel.jwt_keys import KeyRing

from .domain.accounts import MAX_PASSWORD, USERNAME_PATTERN, Account, account_from_events
from .signin_throttle import SignInThrottle, TooManyFailures

MAX_BODY = 4096
FORM, JSON = "application/x-www-form-urlencoded", "application/json"
USERNAME = re.compile(USERNAME_PATTERN.strip("^$"))
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class TokenIssuer:
    def __init__(self, keys_dir: Path, issuer: str, audience: str, lifetime_s: int, clock: Clock) -> None:
        self._keys_dir, self._issuer, self._audience = keys_dir, issuer, audience
        self._lifetime, self._clock = timedelta(seconds=lifetime_s), clock

    def issue(self, account: Account) -> dict[str, Any]:
        kid, key = KeyRing.load(self._keys_dir).current  # read at each sign-in: a rotation applies at once
        now = self._clock.now()
        claims = {"iss": self._issuer, "aud": self._audience, "sub": account.username,
                  "iat": round(now.timestamp(), 3), "exp": int((now + self._lifetime).timestamp()),
                  "jti": str(uuid.uuid4()), "role": account.role, "unit": account.scope}
        token = jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid})
        return {"access_token": token, "token_type": "bearer", "expires_in": int(self._lifetime.total_seconds()),
                "role": account.role, "scope": account.scope}

    def jwks(self) -> dict[str, Any]:
        return KeyRing.load(self._keys_dir).jwks()


def _bad_request(message_en: str) -> ThiduaError:
    return ThiduaError("INPUT", "Yêu cầu đăng nhập không hợp lệ.", message_en)


def credentials(body: bytes, content_type: str) -> tuple[str, str]:
    """user name and password from a form (OAuth2) or a JSON body."""
    if len(body) > MAX_BODY:
        raise _bad_request(f"The sign-in request is larger than {MAX_BODY} bytes.")
    media_type = content_type.split(";")[0].strip().lower()
    if media_type not in (FORM, JSON):
        raise UnsupportedMediaType("INPUT-MEDIA", "Yêu cầu đăng nhập phải là form hoặc JSON.",
                                   f"A sign-in request is {FORM} or {JSON}.", content_type=content_type[:100])
    try:
        if media_type == JSON:
            fields = orjson.loads(body)
        else:
            form = parse_qs(body.decode("utf-8"), max_num_fields=8, strict_parsing=bool(body))
            fields = {k: v[0] for k, v in form.items()}
    except (ValueError, UnicodeDecodeError):
        raise _bad_request("The sign-in request is not a form or JSON object.") from None
    if not isinstance(fields, dict) or fields.get("grant_type", "password") != "password":
        raise _bad_request("Only grant_type=password is supported.")
    username, password = fields.get("username"), fields.get("password")
    if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
        raise _bad_request("username and password are required.")
    try:
        password.encode("utf-8")  # a lone surrogate is no password anyone could have set
    except UnicodeEncodeError:
        raise _bad_request("The password is not valid Unicode.") from None
    return username, password[:MAX_PASSWORD]


def signin_router(store: Any, issuer: TokenIssuer, passwords: PasswordHasher, throttle: SignInThrottle) -> APIRouter:
    router = APIRouter(tags=["sign-in"])
    # Verified against when the user name is unknown: the same work as a wrong password.
    decoy = passwords.hash(uuid.uuid4().hex)

    @router.post("/auth/token", openapi_extra=_token_openapi(), responses={
        200: {"description": "An access token"}, 401: {"description": "Wrong credentials (rule AUTH)"},
        400: {"description": "Not a sign-in request (rule INPUT)"},
        415: {"description": "Neither a form nor JSON (rule INPUT-MEDIA)"},
        429: {"description": "Too many failed sign-ins of this user name (rule AUTH-THROTTLE)"}})
    async def token(request: Request) -> JSONResponse:
        """Sign in with a user name and password (OAuth2 password grant, form or JSON)."""
        username, password = credentials(await request.body(), request.headers.get("content-type", ""))
        try:
            throttle.check(username)
        except TooManyFailures as refused:
            return JSONResponse({"error": refused.as_dict()}, status_code=refused.status_code,
                                headers={"Retry-After": str(refused.figures["retry_after_s"])})
        # A name no account can have (NUL, too long, ...) is looked up nowhere, but costs the same work.
        events = await store().load("account", username) if USERNAME.fullmatch(username) else []
        account = account_from_events([(e.event_type, e.payload) for e in events])
        known = account is not None and not account.disabled
        try:
            await asyncio.to_thread(passwords.verify, account.password_hash if known else decoy, password)
        except (VerificationError, InvalidHashError):
            known = False
        if not known or account is None:
            throttle.failed(username)
            raise not_authenticated("bad_credentials")
        throttle.succeeded(username)
        return JSONResponse(issuer.issue(account), headers=NO_STORE)

    @router.get("/.well-known/jwks.json")
    async def jwks() -> JSONResponse:
        """The public keys access tokens are signed with: the current one and those still accepted."""
        return JSONResponse(issuer.jwks(), headers={"Cache-Control": "max-age=60"})

    return router


def _token_openapi() -> dict[str, Any]:
    text = {"type": "string"}
    schema = {"type": "object", "required": ["username", "password"],
              "properties": {"grant_type": {"type": "string", "enum": ["password"]}, "username": text,
                             "password": {"type": "string", "format": "password"}}}
    return {"requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": schema},
                                                          "application/json": {"schema": schema}}}}

"""Access tokens checked against a JWKS: this registry's own keys, or a province's OIDC provider.

A token is refused (401, rule AUTH) unless: its header names an allowed asymmetric alg (EdDSA,
RS256, ES256; never `none` or an HMAC) and a `kid` found in the key set; its signature holds; its
`iss` and `aud` are the configured ones; `exp`, `iat` and `sub` are present and it has not
expired (by the injected clock); it names a known role and a scope; it is not revoked.

Cost on the command path: a token once verified is remembered (bounded map, token → claims), so
a repeated token costs a dict look-up, an expiry comparison and the revocation look-ups;
verifying a new one (one Ed25519 signature) costs ~0.1 ms. The key set is cached: fetched again
when a token names an unknown kid (at most once per `min_refresh_s`) and when older than
`max_age_s`; a changed key set also empties the verified-token map, so a retired key's tokens
are refused from the next refresh on.
"""
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

from contracts.envelope import Actor

from .auth import ROLES, not_authenticated
from .clock import Clock
from .errors import ThiduaError
from .revocations import Revocations

ALGORITHMS = ("EdDSA", "RS256", "ES256")
MAX_KEYS = 32
MAX_REMEMBERED = 20_000
LEEWAY_S = 5.0


class KeysUnavailable(ThiduaError):
    status_code = 503


@dataclass(frozen=True)
class Verified:
    actor: Actor
    username: str
    jti: str | None
    issued_at: float
    expires_at: float


class KeySet:
    """The verification keys by kid, from `fetch()` (a JWKS document), cached and bounded."""

    def __init__(self, fetch: Callable[[], Awaitable[dict[str, Any]]], *, max_age_s: float = 300.0,
                 min_refresh_s: float = 10.0, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._fetch = fetch
        self._max_age_s, self._min_refresh_s = max_age_s, min_refresh_s
        self._monotonic = monotonic
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: float | None = None
        self.generation = 0  # grows when the set of kids changes

    @property
    def stale(self) -> bool:
        return self._fetched_at is None or self._monotonic() - self._fetched_at > self._max_age_s

    async def get(self, kid: str) -> jwt.PyJWK | None:
        if self.stale or (kid not in self._keys and self._monotonic() - (self._fetched_at or 0) >= self._min_refresh_s):
            await self.refresh()
        return self._keys.get(kid)

    async def refresh(self) -> None:
        try:
            document = await self._fetch()
            keys = {}
            for jwk in document.get("keys", [])[:MAX_KEYS]:
                if isinstance(jwk, dict) and jwk.get("kid") and jwk.get("use", "sig") == "sig":
                    keys[str(jwk["kid"])] = jwt.PyJWK(jwk)
        except (httpx.HTTPError, ValueError, TypeError, AttributeError, jwt.PyJWKError) as exc:
            raise KeysUnavailable("AUTH", "Không lấy được khoá kiểm tra mã truy cập (JWKS).",
                                  "The token verification keys (JWKS) could not be fetched.",
                                  reason="jwks_unavailable", error=type(exc).__name__) from exc
        if set(keys) != set(self._keys):
            self.generation += 1
        self._keys, self._fetched_at = keys, self._monotonic()


def jwks_over_http(url: str, timeout_s: float = 5.0, max_bytes: int = 256_000) -> Callable[[], Awaitable[dict]]:
    async def fetch() -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=timeout_s, trust_env=False) as client:
            answer = await client.get(url)
            answer.raise_for_status()
            if len(answer.content) > max_bytes:
                raise ValueError("JWKS document too large")
            return answer.json()

    return fetch


class JwtVerifier:
    def __init__(self, keys: KeySet, issuer: str, audience: str, revocations: Revocations, clock: Clock) -> None:
        self._keys, self._issuer, self._audience = keys, issuer, audience
        self._revocations, self._clock = revocations, clock
        self._verified: dict[str, Verified] = {}
        self._generation = keys.generation

    async def verify(self, token: str) -> Verified:
        if self._keys.stale:
            await self._keys.refresh()
        if self._keys.generation != self._generation:
            self._verified.clear()
            self._generation = self._keys.generation
        found = self._verified.get(token)
        if found is None:
            found = await self._verify_new(token)
            if len(self._verified) >= MAX_REMEMBERED:
                self._verified.clear()
            self._verified[token] = found
        now = self._clock.now().timestamp()
        if now >= found.expires_at + LEEWAY_S:
            raise not_authenticated("expired")
        if self._revocations.refuses(found.username, found.jti, found.issued_at):
            raise not_authenticated("revoked")
        return found

    async def decode(self, token: str, verify_exp: bool = False) -> dict[str, Any]:
        """The verified claims (signature, kid, alg, issuer, audience; iat and exp numbers); expiry
        left to the caller."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise not_authenticated("malformed") from None
        alg, kid = header.get("alg"), header.get("kid")
        if alg not in ALGORITHMS:
            raise not_authenticated("algorithm_refused", alg=str(alg)[:20])
        key = await self._keys.get(str(kid)) if isinstance(kid, str) else None
        if key is None:
            raise not_authenticated("unknown_kid")
        try:
            claims = jwt.decode(token, key, algorithms=[alg], audience=self._audience, issuer=self._issuer,
                                options={"require": ["exp", "iat", "sub", "iss", "aud"], "verify_exp": verify_exp,
                                         "verify_iat": False, "verify_nbf": False})
        except jwt.InvalidAudienceError:
            raise not_authenticated("wrong_audience") from None
        except jwt.InvalidIssuerError:
            raise not_authenticated("wrong_issuer") from None
        except jwt.PyJWTError:
            raise not_authenticated("invalid") from None
        if not all(isinstance(claims[t], int | float) and not isinstance(claims[t], bool) for t in ("iat", "exp")):
            raise not_authenticated("invalid")
        return claims

    async def _verify_new(self, token: str) -> Verified:
        claims = await self.decode(token)
        role, scope = claims.get("role"), claims.get("unit")
        if role not in ROLES or not isinstance(scope, str) or not scope:
            raise not_authenticated("no_role")
        issued_at, expires_at, jti = claims["iat"], claims["exp"], claims.get("jti")
        username = str(claims["sub"])
        actor = Actor(principal_id=str(claims.get("preferred_username") or username), role=role, scope=scope)
        return Verified(actor, username, str(jti) if jti is not None else None, float(issued_at), float(expires_at))

"""The token check's own parts: the key set's bounded refreshes, revocation, and what it costs."""
import time
import uuid
from datetime import datetime, timedelta, timezone

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from thidua_kernel.clock import ManualClock
from thidua_kernel.errors import ThiduaError
from thidua_kernel.jwt_keys import public_jwk
from thidua_kernel.jwt_verify import JwtVerifier, KeySet, KeysUnavailable
from thidua_kernel.revocations import Revocations

T0 = datetime(2026, 12, 2, 8, 0, tzinfo=timezone.utc)
KEY = Ed25519PrivateKey.generate()


class FakeJwks:
    """A JWKS endpoint that counts its fetches and can fail."""

    def __init__(self, *kids: str) -> None:
        self.kids, self.fetches, self.down = list(kids), 0, False

    async def __call__(self) -> dict:
        self.fetches += 1
        if self.down:
            raise ValueError("connection refused")
        return {"keys": [public_jwk(kid, KEY) for kid in self.kids]}


def token(kid: str = "k1", sub: str = "u", iat: datetime = T0, lifetime: timedelta = timedelta(minutes=30),
          jti: str | None = None) -> str:
    claims = {"iss": "iss", "aud": "thidua", "sub": sub, "iat": iat.timestamp(),
              "exp": int((iat + lifetime).timestamp()), "jti": jti or str(uuid.uuid4()), "role": "viewer",
              "unit": "20"}
    return jwt.encode(claims, KEY, algorithm="EdDSA", headers={"kid": kid})


def verifier(jwks: FakeJwks, clock: ManualClock, revocations: Revocations | None = None, **keyset) -> JwtVerifier:
    ticks, step = iter(range(10**6)), keyset.pop("step", 0.0)  # a monotonic clock moving `step` s per look
    keys = KeySet(jwks, monotonic=lambda: float(next(ticks)) * step, **keyset)
    return JwtVerifier(keys, "iss", "thidua", revocations or Revocations(), clock)


def rule_of(refusal: pytest.ExceptionInfo) -> tuple[int, str, str]:
    e: ThiduaError = refusal.value
    return e.status_code, e.rule, e.figures.get("reason")


async def test_unknown_kids_refresh_the_key_set_at_most_once_per_interval():
    jwks = FakeJwks("k1")
    check = verifier(jwks, ManualClock(T0), min_refresh_s=10.0, max_age_s=1000.0, step=0.5)
    await check.verify(token())
    for _ in range(5):  # a flood of unknown kids costs at most one fetch per 10 s
        with pytest.raises(ThiduaError) as refused:
            await check.verify(token(kid="unknown"))
        assert rule_of(refused) == (401, "AUTH", "unknown_kid")
    assert jwks.fetches == 1
    jwks.kids.append("k2")
    for _ in range(40):
        try:
            await check.verify(token(kid="k2"))
            break
        except ThiduaError:
            continue
    assert jwks.fetches == 2


async def test_expiry_and_revocation_by_the_injected_clock():
    clock, revocations = ManualClock(T0), Revocations()
    check = verifier(FakeJwks("k1"), clock, revocations)
    old, signed_out = token(sub="a"), token(sub="b", jti="j-1")
    assert (await check.verify(old)).actor.role == "viewer"
    revocations.revoke_account("a", T0 + timedelta(seconds=1))
    revocations.revoke_token("j-1", T0 + timedelta(hours=1))
    for refused_token, reason in ((old, "revoked"), (signed_out, "revoked")):
        with pytest.raises(ThiduaError) as refused:
            await check.verify(refused_token)
        assert rule_of(refused) == (401, "AUTH", reason)
    assert await check.verify(token(sub="a", iat=T0 + timedelta(seconds=2)))  # issued after: fine
    clock.advance(timedelta(minutes=31))
    with pytest.raises(ThiduaError) as refused:
        await check.verify(token(sub="c"))
    assert rule_of(refused) == (401, "AUTH", "expired")


async def test_an_unreachable_jwks_is_a_503_not_a_500():
    jwks = FakeJwks("k1")
    jwks.down = True
    with pytest.raises(KeysUnavailable) as refused:
        await verifier(jwks, ManualClock(T0)).verify(token())
    assert refused.value.status_code == 503 and refused.value.rule == "AUTH"


async def test_a_remembered_token_costs_microseconds():
    """The command path's share: measured and printed; the bound is loose for a busy machine."""
    check = verifier(FakeJwks("k1"), ManualClock(T0), max_age_s=1e9)
    tokens = [token() for _ in range(200)]
    start = time.perf_counter()
    for t in tokens:
        await check.verify(t)
    first = (time.perf_counter() - start) / len(tokens)
    start = time.perf_counter()
    for _ in range(25):
        for t in tokens:
            await check.verify(t)
    again = (time.perf_counter() - start) / (25 * len(tokens))
    print(f"\ntoken check: first sight {first * 1e6:.1f} µs, remembered {again * 1e6:.2f} µs")
    assert again < first and again < 200e-6

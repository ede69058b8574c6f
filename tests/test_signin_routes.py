"""Every route of every service refuses a request without a valid token (401, rule AUTH), reads
included; only the open paths answer without one. Routes are found by iterating each app, so a
new route without a check fails here. The apps run without their runtime: a refusal must come
before any work, and a valid token must get past the check (whatever the route then answers)."""
import re
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from thidua_kernel.authentication import OPEN_PATHS, NoVerifierConfigured
from thidua_kernel.jwt_keys import KeyRing, rotate
from thidua_kernel.routes import CommandFastPath, _api_routes

ISSUER, AUDIENCE = "https://registry.test", "thidua"
SERVICES = ("registry", "progress", "awards", "reporting")
OPEN = {"/health", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/.well-known/jwks.json", "/auth/token"}


def create(name: str, keys: Path, **extra: str):
    import importlib

    app_module = importlib.import_module(f"{name}.app")
    config = importlib.import_module(f"{name}.config")
    settings_class = next(v for k, v in vars(config).items() if k.endswith("Settings") and k != "ServiceSettings")
    settings = settings_class(**{"THIDUA_JWT_ISSUER": ISSUER, "THIDUA_SIGNING_KEYS_DIR": str(keys), **extra})
    return app_module.create_app(settings)


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    rotate(folder, datetime.now(timezone.utc))
    return folder


def claims(role: str = "province_board", **changes) -> dict:
    now = time.time()
    return {"iss": ISSUER, "aud": AUDIENCE, "sub": "tester", "iat": now, "exp": int(now) + 600,
            "jti": str(uuid.uuid4()), "role": role, "unit": "20", **changes}


def signed(keys: Path, body: dict, kid: str | None = None, key=None) -> str:
    ring_kid, ring_key = KeyRing.load(keys).current
    return jwt.encode(body, key or ring_key, algorithm="EdDSA", headers={"kid": kid or ring_kid})


def bad_tokens(keys: Path) -> dict[str, str]:
    kid = KeyRing.load(keys).current[0]
    good = signed(keys, claims())
    head, body, signature = good.split(".")
    forged = signed(keys, claims(), key=Ed25519PrivateKey.generate())
    return {
        "expired": signed(keys, claims(exp=int(time.time()) - 60, iat=time.time() - 700)),
        "bad signature": forged,
        "tampered claims": f"{head}.{signed(keys, claims(role='province_board', sub='other')).split('.')[1]}.{signature}",
        "alg none": jwt.encode(claims(), None, algorithm="none", headers={"kid": kid}),
        "hmac with the public key": jwt.encode(claims(), "x" * 32, algorithm="HS256", headers={"kid": kid}),
        "wrong kid": signed(keys, claims(), kid="no-such-kid"),
        "wrong audience": signed(keys, claims(aud="someone-else")),
        "wrong issuer": signed(keys, claims(iss="https://elsewhere")),
        "unknown role": signed(keys, claims(role="root")),
        "no expiry": signed(keys, {k: v for k, v in claims().items() if k != "exp"}),
        "expiry not a number": signed(keys, claims(exp="never")),
        "not a jwt": "demo-province-board",
        "revoked": signed(keys, claims(sub="revoked-user")),
        "revoked jti": signed(keys, claims(jti="revoked-jti")),
    }


def requests_of(app) -> list[tuple[str, str]]:
    found = []
    for route in _api_routes(app.router.routes):
        if isinstance(route, APIRoute):
            path = re.sub(r"\{[^}]+\}", "x", route.path_format)  # every path parameter as "x"
            found += [(method, path) for method in sorted(route.methods)]
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_refuses_missing_and_bad_tokens(service: str, keys: Path):
    app = create(service, keys)
    # Every token of revoked-user issued in the next 10 minutes is revoked: the "revoked" token is
    # signed afresh for each route, so a window of seconds would end within a slow run.
    app.state.revocations.revoke_account("revoked-user", datetime.now(timezone.utc) + timedelta(minutes=10))
    app.state.revocations.revoke_token("revoked-jti", datetime.now(timezone.utc) + timedelta(hours=1))
    client = TestClient(CommandFastPath(app), raise_server_exceptions=False)
    routes = requests_of(app)
    guarded = [(m, p) for m, p in routes if p not in OPEN]
    assert len(guarded) >= 3 and all("{" not in p for _, p in guarded), guarded
    assert {p for _, p in routes if p in OPEN} <= OPEN_PATHS
    good = signed(keys, claims())
    for method, path in guarded:
        for label, headers in [("none", {}), ("basic", {"Authorization": "Basic eDp5"}),
                               *[(k, {"Authorization": f"Bearer {t}"}) for k, t in bad_tokens(keys).items()]]:
            answer = client.request(method, path, headers=headers, json={})
            assert answer.status_code == 401, (service, method, path, label, answer.status_code, answer.text)
            assert answer.json()["error"]["rule"] == "AUTH", (service, path, label)
        passed = client.request(method, path, headers={"Authorization": f"Bearer {good}"}, json={})
        assert passed.status_code != 401, (service, method, path, passed.text)


@pytest.mark.parametrize("service", SERVICES)
def test_the_openapi_documents_the_bearer_scheme_and_refusals(service: str, keys: Path):
    document = TestClient(create(service, keys)).get("/openapi.json").json()
    assert document["components"]["securitySchemes"]["bearerAuth"]["bearerFormat"] == "JWT"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if path in OPEN:
                assert "security" not in operation
                continue
            assert operation["security"] == [{"bearerAuth": []}], (path, method)
            assert {"401", "403"} <= set(operation["responses"]), (path, method)


def test_public_reads_only_when_granted(keys: Path):
    closed = TestClient(create("awards", keys), raise_server_exceptions=False)
    assert closed.get("/rankings/districts").status_code == 401
    granted = TestClient(create("awards", keys, THIDUA_PUBLIC_READ="true"), raise_server_exceptions=False)
    assert granted.get("/rankings/districts").status_code != 401
    assert granted.post("/projections/x/rebuild").status_code == 401  # never a write without a token


def test_a_service_without_a_verifier_refuses_to_start(monkeypatch: pytest.MonkeyPatch):
    from progress.app import create_app
    from progress.config import ProgressSettings

    for variable in ("THIDUA_TOKENS_FILE", "THIDUA_JWT_ISSUER", "THIDUA_JWKS_URL", "THIDUA_SIGNING_KEYS_DIR"):
        monkeypatch.delenv(variable, raising=False)
    with pytest.raises(NoVerifierConfigured, match="refusing to start"):
        create_app(ProgressSettings())


def test_tokens_of_a_retired_key_are_refused_once_the_key_set_refreshes(tmp_path: Path):
    """Rotation: the old key's tokens stay valid while its key is published, then not."""
    rotate(tmp_path, datetime(2026, 1, 1, tzinfo=timezone.utc))
    app = create("progress", tmp_path, THIDUA_JWKS_MAX_AGE_SECONDS="0.05")
    client = TestClient(app, raise_server_exceptions=False)
    old_kid = KeyRing.load(tmp_path).current[0]
    old = signed(tmp_path, claims())
    new_kid = rotate(tmp_path, datetime.now(timezone.utc))
    new = signed(tmp_path, claims())
    assert jwt.get_unverified_header(new)["kid"] == new_kid != old_kid
    for token in (old, new):
        assert client.get("/rates", headers={"Authorization": f"Bearer {token}"}).status_code != 401
    (tmp_path / f"{old_kid}.pem").unlink()
    deadline = time.monotonic() + 5
    while client.get("/rates", headers={"Authorization": f"Bearer {old}"}).status_code != 401:
        assert time.monotonic() < deadline, "the retired key's token is still accepted"
        time.sleep(0.06)
    assert client.get("/rates", headers={"Authorization": f"Bearer {new}"}).status_code != 401


# Operator routes (ops.py, ops_blue_green.py): rebuilding a projection (in place or blue/green:
# start, switch, drop the old version), replaying its dead letters, exporting and importing the
# event log; province board only.
OPERATOR_ROUTES = ("/rebuild", "/dead-letters/replay", "/blue-green", "/blue-green/switch", "/old-version",
                   "/events/export", "/events/import")
ROLES = {"province_board": "20", "district_officer": "180", "viewer": "20", "records_officer": "20"}


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_for_every_role(service: str, keys: Path):
    """Reads: every role passes. Commands: read-only roles are refused (403 AUTH-ROLE) before the
    body is read, except signing out; writers pass the edge (their body and scope are the
    handlers' to judge). Rebuilding a projection or replaying its dead letters: the province board alone."""
    app = create(service, keys)
    client = TestClient(CommandFastPath(app), raise_server_exceptions=False)
    commands = {p: getattr(r.endpoint, "open_to_readers", False) for r in _api_routes(app.router.routes)
                for p in [r.path_format] if getattr(r.endpoint, "is_command_endpoint", False)}
    for role, scope in ROLES.items():
        headers = {"Authorization": f"Bearer {signed(keys, claims(role=role, unit=scope))}"}
        for method, path in requests_of(app):
            if path in OPEN:
                continue
            answer = client.request(method, path, headers=headers, json={})
            refused = answer.status_code in (401, 403)
            # A blue/green build's progress is a read like GET /projections/{name}; the export is not.
            read = method == "GET" and (not path.endswith(OPERATOR_ROUTES) or path.endswith("/blue-green"))
            if read or (path in commands and (commands[path] or role in ("province_board", "district_officer"))):
                assert not refused, (service, role, method, path, answer.text)
            elif path in commands or path.endswith(OPERATOR_ROUTES) and role != "province_board":
                assert (answer.status_code, answer.json()["error"]["rule"]) == (403, "AUTH-ROLE"), (
                    service, role, path, answer.text)
            else:
                assert path.endswith(OPERATOR_ROUTES) and not refused, (service, role, method, path, answer.text)

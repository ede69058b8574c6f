"""Sign-in on the real stack: the bootstrap administrator, accounts through the API, JWTs the other
services verify against the registry's JWKS, revocation reaching them through the registry topic,
personal data by role, and key rotation."""
import stat
from pathlib import Path

import httpx
import jwt

from contracts.topics import REGISTRY_EVENTS
from thidua_deploy.accounts import create_account, create_admin, new_password, read_password, sign_in
from thidua_deploy.isolated import read_topic, wait_until
from thidua_kernel.jwt_keys import rotate

# Key sets refreshed at once on an unknown kid and every second: the tests wait on conditions.
FAST_KEYS = {"THIDUA_JWKS_MIN_REFRESH_SECONDS": "0", "THIDUA_JWKS_MAX_AGE_SECONDS": "1"}
HOUSEHOLD = {"code": "HO-06034-01", "kind": "household", "name": "Hộ ông Hoàng Văn Páo", "parent_code": "06034",
             "address": "Thôn Bản Slầy, xã Chi Lăng", "effective_from": "2012-01-01"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def status(stack, service: str, token: str, path: str = "/projections") -> int:
    return httpx.get(f"{stack.url(service)}{path}", headers=bearer(token), timeout=30, trust_env=False).status_code


def refused_everywhere(stack, token: str) -> bool:
    return all(status(stack, s, token) == 401 for s in ("registry", "progress"))


def start(stack) -> tuple[str, Path]:
    stack.start("registry", **FAST_KEYS)
    stack.start("progress", **FAST_KEYS)
    folder = stack.run_dir / "accounts"
    assert create_admin(stack.env("registry"), "ban-thi-dua", folder)
    assert not create_admin(stack.env("registry"), "ke-khac", folder), "a second bootstrap must be refused"
    assert stat.S_IMODE((folder / "ban-thi-dua.password").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    return sign_in(stack.url("registry"), "ban-thi-dua", read_password(folder, "ban-thi-dua"))["access_token"], folder


def test_accounts_sign_in_revocation_and_personal_data(stack):
    admin, folder = start(stack)
    registry = stack.url("registry")
    for username, password in (("ban-thi-dua", "wrong password!"), ("nobody-here", "wrong password!")):
        wrong = httpx.post(f"{registry}/auth/token", data={"username": username, "password": password})
        assert wrong.status_code == 401 and wrong.json()["error"]["rule"] == "AUTH"
    for body, content_type, expected in (
            (b"username=a%00b&password=x", "application/x-www-form-urlencoded", (401, "AUTH")),
            ('{"username": "ban-thi-dua", "password": "\\ud800"}'.encode(), "application/json", (400, "INPUT")),
            (b'{"username": 1, "password": []}', "application/json", (400, "INPUT")),
            (b"{", "application/json", (400, "INPUT")),
            (b"grant_type=client_credentials", "application/x-www-form-urlencoded", (400, "INPUT")),
            (b"<x/>", "application/xml", (415, "INPUT-MEDIA"))):
        odd = httpx.post(f"{registry}/auth/token", content=body, headers={"content-type": content_type})
        assert (odd.status_code, odd.json()["error"]["rule"]) == expected, (body, odd.text)
    with stack.client("registry", token=admin) as board:
        board.post("/commands/import-province-units", json={"province_code": "20", "effective_from": "2011-01-01"}
                   ).raise_for_status()
        for username, role, scope in (("huyen-trang-dinh", "district_officer", "180"),
                                      ("huyen-bac-son", "district_officer", "185"), ("kiem-toan", "viewer", "20"),
                                      ("thanh-tra", "records_officer", "20")):
            assert "username" in create_account(board, registry, folder, username, role, scope)
        wrong_scope = board.post("/commands/create-account", json={"username": "huyen-x", "role": "district_officer",
                                                                    "scope": "20", "password": "x" * 12})
        assert wrong_scope.status_code == 422 and wrong_scope.json()["error"]["rule"] == "ACCOUNT"
        board.post("/commands/register-participant", json=HOUSEHOLD).raise_for_status()
    token = {u: sign_in(registry, u, read_password(folder, u))["access_token"]
             for u in ("huyen-trang-dinh", "huyen-bac-son", "kiem-toan", "thanh-tra")}
    viewer_create = httpx.post(f"{registry}/commands/create-account", headers=bearer(token["kiem-toan"]),
                               json={"username": "ke-gian", "role": "province_board", "scope": "20",
                                     "password": "x" * 12})
    assert viewer_create.status_code == 403 and viewer_create.json()["error"]["rule"] == "AUTH-ROLE"
    assert status(stack, "progress", admin, "/rates") == 200  # verified against the registry's JWKS

    def household(user: str, **params) -> list[dict]:
        rows = httpx.get(f"{registry}/participants", headers=bearer(token[user] if user in token else admin),
                         params={"kind": "household", **params}).json()
        return [r for r in rows if r["code"] == HOUSEHOLD["code"]]

    wait_until(lambda: household("admin"))
    assert household("admin")[0]["address"] == HOUSEHOLD["address"]
    assert household("thanh-tra")[0]["name"] == HOUSEHOLD["name"]
    assert household("huyen-trang-dinh")[0]["name"] == HOUSEHOLD["name"]  # inside its district
    for outsider in ("kiem-toan", "huyen-bac-son"):
        row = household(outsider)[0]
        assert row["name"] is None and row["address"] is None and row["personal_data_withheld"] is True
        assert household(outsider, name="Páo") == [], "a name search must not reveal an individual"

    # Revocation: all of an account's tokens, then one token (sign-out), reach every service.
    with stack.client("registry", token=admin) as board:
        board.post("/commands/revoke-account-tokens", json={"username": "kiem-toan"}).raise_for_status()
        wait_until(lambda: refused_everywhere(stack, token["kiem-toan"]), 30)
        again = sign_in(registry, "kiem-toan", read_password(folder, "kiem-toan"))["access_token"]
        assert status(stack, "progress", again) == 200
        signed_out = httpx.post(f"{registry}/commands/revoke-token", headers=bearer(token["huyen-trang-dinh"]),
                                json={"token": token["huyen-trang-dinh"]})
        assert signed_out.status_code == 201, signed_out.text
        wait_until(lambda: refused_everywhere(stack, token["huyen-trang-dinh"]), 30)
        # A role change ends the tokens that carried the old role; the new token carries the new one.
        board.post("/commands/change-account-role", json={"username": "kiem-toan", "role": "records_officer",
                                                          "scope": "20"}).raise_for_status()
        wait_until(lambda: refused_everywhere(stack, again), 30)
        renewed = sign_in(registry, "kiem-toan", read_password(folder, "kiem-toan"))
        assert renewed["role"] == "records_officer" and status(stack, "progress", renewed["access_token"]) == 200
        board.post("/commands/reset-account-password", json={"username": "thanh-tra", "password": "mot-mat-khau-moi"}
                   ).raise_for_status()
        wait_until(lambda: refused_everywhere(stack, token["thanh-tra"]), 30)
        assert sign_in(registry, "thanh-tra", "mot-mat-khau-moi")["role"] == "records_officer"
        board.post("/commands/disable-account", json={"username": "huyen-bac-son"}).raise_for_status()
        wait_until(lambda: refused_everywhere(stack, token["huyen-bac-son"]), 30)
        disabled = httpx.post(f"{registry}/auth/token",
                              data={"username": "huyen-bac-son", "password": read_password(folder, "huyen-bac-son")})
        assert disabled.status_code == 401

    # A restarted service refuses the revoked tokens from its first request on.
    stack.kill("progress")
    stack.start("progress", **FAST_KEYS)
    assert status(stack, "progress", token["kiem-toan"]) == 401 and status(stack, "progress", admin) == 200

    # Password guessing: after 5 failures the name waits, even with the right password.
    for _ in range(5):
        assert httpx.post(f"{registry}/auth/token", data={"username": "thanh-tra", "password": "doan-mo-123456"}
                          ).status_code == 401
    throttled = httpx.post(f"{registry}/auth/token", data={"username": "thanh-tra", "password": "mot-mat-khau-moi"})
    assert throttled.status_code == 429 and throttled.json()["error"]["rule"] == "AUTH-THROTTLE"
    assert int(throttled.headers["Retry-After"]) > 0

    # No password, in clear, on the topic; only argon2id hashes.
    records = read_topic(stack.kafka, stack.topic(REGISTRY_EVENTS))
    created = [r for r in records if r["event_type"] == "AccountCreated"]
    assert len(created) == 5 and all(r["payload"]["password_hash"].startswith("$argon2id$") for r in created)
    secrets = [read_password(folder, u) for u in ("ban-thi-dua", "kiem-toan", "huyen-bac-son")]
    assert not any(s in str(records) for s in [*secrets, "mot-mat-khau-moi"])


def test_key_rotation_keeps_old_tokens_until_their_key_is_retired(stack):
    admin, folder = start(stack)
    keys = stack.run_dir / "keys"
    old_kid = jwt.get_unverified_header(admin)["kid"]
    from datetime import datetime, timezone

    new_kid = rotate(keys, datetime.now(timezone.utc))
    fresh = sign_in(stack.url("registry"), "ban-thi-dua", read_password(folder, "ban-thi-dua"))["access_token"]
    assert jwt.get_unverified_header(fresh)["kid"] == new_kid != old_kid
    published = httpx.get(f"{stack.url('registry')}/.well-known/jwks.json").json()["keys"]
    assert {k["kid"] for k in published} == {old_kid, new_kid} and all("d" not in k for k in published)
    for token in (admin, fresh):
        assert status(stack, "registry", token) == 200 and status(stack, "progress", token) == 200
    (keys / f"{old_kid}.pem").unlink()
    wait_until(lambda: refused_everywhere(stack, admin), 30)
    assert status(stack, "progress", fresh) == 200 and status(stack, "registry", fresh) == 200
    assert new_password(folder, "ban-thi-dua") == read_password(folder, "ban-thi-dua")

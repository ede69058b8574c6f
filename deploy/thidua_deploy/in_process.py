"""A service in this process (ASGI, no server, no port) on the session's Kafka and PostgreSQL.

For tests that send hostile input and for schemathesis: the app is the one `serve` runs (the
kernel's `edge`: input guard, command fast path, FastAPI app), its runtime started by its own
lifespan. Each in-process stack has its own topic prefix and schema suffix, like `Stack`, and
each service connects as its own role (pg_roles.py), provisioned by `provisioned_urls`, and as its
own Kafka principal, provisioned by `provisioned_kafka`.
"""
import asyncio
import importlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from thidua_kernel.kafka_access import KafkaAccess

from ._util import run_sync
from .kafka_principals import isolated_principals
from .pg_roles import RolePasswords, provision

SETTINGS = {"registry": "RegistrySettings", "progress": "ProgressSettings", "awards": "AwardsSettings",
            "reporting": "ReportingSettings"}


def service_app(name: str, kafka: KafkaAccess, database_url: str, tokens: Path, stack_id: str) -> tuple[Any, Any]:
    """(the FastAPI app, what a server runs of it) for service `name`, as its __main__ builds it;
    `kafka`: the service's own principal (`provisioned_kafka`)."""
    config = importlib.import_module(f"{name}.config")
    settings = getattr(config, SETTINGS[name])(
        kafka_bootstrap_servers=kafka.bootstrap, THIDUA_KAFKA_USERNAME=kafka.username,
        THIDUA_KAFKA_PASSWORD=kafka.password, THIDUA_KAFKA_SECURITY_PROTOCOL=kafka.security_protocol,
        THIDUA_KAFKA_SASL_MECHANISM=kafka.sasl_mechanism, THIDUA_KAFKA_SSL_CAFILE=kafka.ssl_cafile,
        database_url=database_url, THIDUA_TOKENS_FILE=tokens,
        THIDUA_LOG_FORMAT="json", THIDUA_LOG_LEVEL="WARNING", THIDUA_TOPIC_PREFIX=f"t{stack_id}.",
        THIDUA_SCHEMA_SUFFIX=f"_{stack_id}",
    )
    app = importlib.import_module(f"{name}.app").create_app(settings)
    edge = importlib.import_module("thidua_kernel.service_app").edge
    return app, edge(app)


def new_stack_id() -> str:
    return uuid.uuid4().hex[:8]


def provisioned_urls(admin_url: str, role_passwords: Path, stack_id: str) -> dict[str, str]:
    """Each service's database URL as its own role, for the stack's schemas (as `Stack` does)."""
    passwords = RolePasswords(role_passwords).ensure()
    return run_sync(lambda: provision(admin_url, passwords, suffix=f"_{stack_id}"))


def provisioned_kafka(admin: KafkaAccess, stack_id: str) -> dict[str, KafkaAccess]:
    """Each service's own Kafka principal, for the stack's topics (as `Stack` does)."""
    return isolated_principals(admin, stack_id)


@asynccontextmanager
async def running(name: str, kafka: KafkaAccess, database_url: str, tokens: Path, stack_id: str,
                  token: str | None) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    """The app with its runtime started (lifespan), and a client that sends `token` on every request."""
    app, asgi = service_app(name, kafka, database_url, tokens, stack_id)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://thidua",
                                     headers=headers, timeout=30) as client:
            yield app, client


async def eventually(predicate: Callable[[], Awaitable[Any]], deadline_s: float = 90) -> Any:
    """What `predicate` answers once it is truthy (projections catch up in the background);
    an AssertionError after `deadline_s`. Polls every 0.1 s: no fixed sleep decides a test."""
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline_s
    while True:
        # One answer that never comes (a consumer waiting on a position) must not outlast the deadline.
        try:
            found = await asyncio.wait_for(predicate(), max(end - loop.time(), 0.1))
        except TimeoutError:
            raise AssertionError(f"condition not answered within {deadline_s}s") from None
        if found:
            return found
        assert loop.time() < end, f"condition not met within {deadline_s}s"
        await asyncio.sleep(0.1)


# A department, a mass organisation and the Fatherland Front of Lạng Sơn: with its 11 districts,
# the 14 units that owe the province a periodic report (R1).
ORGANISATIONS = (("SNNPTNT", "department", "Sở Nông nghiệp và Phát triển nông thôn"),
                 ("HND", "mass_organisation", "Hội Nông dân tỉnh"), ("MTTQ", "fatherland_front", "Ủy ban MTTQ tỉnh"))


async def record_province_and_organisations(registry: httpx.AsyncClient) -> None:
    """Lạng Sơn's units (2011) and ORGANISATIONS (2012) recorded through the registry's API."""
    answer = await registry.post("/commands/import-province-units",
                                 json={"province_code": "20", "effective_from": "2011-01-01"})
    assert answer.status_code == 201, answer.text
    for code, kind, name in ORGANISATIONS:
        answer = await registry.post("/commands/register-participant", json={
            "code": code, "kind": kind, "name": name, "parent_code": "20", "effective_from": "2012-01-01"})
        assert answer.status_code == 201, answer.text

"""An isolated thidua stack (tests, benchmark): the four services, and the web app when asked
(`start("web")`), as real processes.

Each stack has its own topic prefix and schema suffix, so stacks share the session's Kafka
broker and PostgreSQL server without seeing each other's data. Each service connects as its own
role (pg_roles.py), provisioned for the stack's schemas through database_url, an administrator's.
"""
import functools
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from thidua_kernel.kafka_access import KafkaAccess

from ._util import free_port, run_sync
from .kafka_principals import isolated_principals
from .pg_roles import RolePasswords, provision
from .seal_env import seal_env
from .signin_env import signin_env
from .supervisor import pid_file, start_service, stop_pid_file, wait_http_ok
from .web_env import web_env

SERVICES = ("registry", "progress", "awards", "reporting")
WEB = "web"  # the web app (module thidua_web): no database, no Kafka; forwards to the four
# Static development tokens (tests and benchmark only; THIDUA_TOKENS_FILE is never a default).
TOKENS = Path(__file__).resolve().parents[2] / "tests" / "tokens.test.json"
BOARD = "demo-province-board"


class Stack:
    def __init__(self, run_dir: Path, kafka: KafkaAccess, database_url: str, tokens: Path = TOKENS,
                 role_passwords: Path | None = None) -> None:
        """`kafka`: the cluster's super user, who gives each service of this stack its own principal.
        role_passwords: the roles' password file; stacks on one server share one (a second
        file would change the passwords under the first stack's feet)."""
        self.id = uuid.uuid4().hex[:8]
        self.run_dir = run_dir
        self.kafka = kafka
        self.database_url = database_url
        self.ports = {name: free_port() for name in (*SERVICES, WEB)}
        self.pids: dict[str, int] = {}
        self.tokens = tokens  # static test tokens beside real sign-in (README: Sign-in and tokens)
        self.role_passwords = RolePasswords(role_passwords or run_dir / "secrets" / "pg-roles.json")

    @functools.cached_property
    def service_database_urls(self) -> dict[str, str]:
        """Each service's URL as its own role, its schemas provisioned on first use."""
        passwords = self.role_passwords.ensure(SERVICES)
        return run_sync(lambda: provision(self.database_url, passwords, suffix=f"_{self.id}", services=SERVICES))

    @functools.cached_property
    def _service_kafka(self) -> dict[str, KafkaAccess]:
        return isolated_principals(self.kafka, self.id)

    def service_kafka(self, name: str) -> KafkaAccess:
        """The service's own principal on Kafka (made on first use; none on a cluster without SASL)."""
        return self._service_kafka[name]

    def env(self, name: str, **extra: str) -> dict[str, str]:
        if name == WEB:
            return {**web_env(self.ports[WEB], {s: self.url(s) for s in SERVICES}), **extra}
        return {
            **self.service_kafka(name).env(),
            "DATABASE_URL": self.service_database_urls[name],
            "SERVICE_PORT": str(self.ports[name]),
            "THIDUA_TOKENS_FILE": str(self.tokens),
            "THIDUA_LOG_FORMAT": "json",
            "THIDUA_TOPIC_PREFIX": f"t{self.id}.",
            "THIDUA_SCHEMA_SUFFIX": f"_{self.id}",
            **signin_env(name, self.url("registry"), self.run_dir / "keys"),
            **seal_env(name, self.run_dir / "keys"),
            **extra,
        }

    def start(self, name: str, wait: bool = True, **extra: str) -> None:
        module = "thidua_web" if name == WEB else name
        self.pids[name] = start_service(name, module, self.env(name, **extra), self.run_dir)
        if wait:
            wait_http_ok(f"{self.url(name)}/health", 60, pid=self.pids[name])

    def start_all(self, names: tuple[str, ...] = SERVICES) -> None:
        for name in names:
            self.start(name, wait=False)
        for name in names:
            wait_http_ok(f"{self.url(name)}/health", 60, pid=self.pids[name])

    def kill(self, name: str) -> None:
        """SIGKILL: the process gets no chance to flush, publish or commit anything more."""
        os.killpg(self.pids[name], signal.SIGKILL)
        wait_until(lambda: _reaped(self.pids[name]), 10)

    def wait_exit(self, name: str, deadline: float = 30) -> int:
        status: list[int] = []
        wait_until(lambda: _reaped(self.pids[name], status), deadline)
        return status[0] if status else -1

    def stop_all(self) -> None:
        """Every process of the stack stopped at once (SIGTERM; SIGKILL after 10 s), not one after another."""
        names = (WEB, *reversed(SERVICES))
        with ThreadPoolExecutor(len(names)) as pool:
            list(pool.map(lambda name: stop_pid_file(pid_file(self.run_dir, name), timeout=10), names))

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def topic(self, base: str) -> str:
        return f"t{self.id}.{base}"

    def client(self, name: str, token: str | None = BOARD) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url(name), headers=headers, timeout=30, trust_env=False)

    def log(self, name: str) -> str:
        return (self.run_dir / "logs" / f"{name}.log").read_text(errors="replace")

    def verify(self, name: str, source: str, public: Path | None = None) -> subprocess.CompletedProcess:
        """An auditor's `python -m thidua_kernel.verify` of the service's store ("pg") or topic
        ("kafka"), with the published public keys alone (README "Tamper evidence"), or `public`.
        The environment is os.environ's plus the service's, as for the services themselves (so
        the same code runs: an editable checkout's PYTHONPATH too)."""
        public = public or self.run_dir / "keys" / "seals" / f"{name}.pub.pem"
        env = {k: v for k, v in {**os.environ, **self.env(name)}.items() if k != "THIDUA_SEAL_KEY_FILE"}
        return subprocess.run([sys.executable, "-m", "thidua_kernel.verify", "--service", name, "--source", source,
                               "--public-key", str(public)], env=env, capture_output=True, text=True, timeout=120)


def _reaped(pid: int, status: list[int] | None = None) -> bool:
    try:
        done, code = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    if done and status is not None:
        status.append(os.waitstatus_to_exitcode(code))
    return done != 0


def wait_until(predicate: Callable[[], Any], deadline: float = 30, interval: float = 0.1) -> Any:
    """Poll until `predicate()` is truthy; fail with the last value after `deadline` seconds."""
    end = time.monotonic() + deadline
    last: Any = None
    while time.monotonic() < end:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {deadline}s (last value: {last!r})")


def raw_kafka_producer(kafka: KafkaAccess) -> Any:
    """An aiokafka producer for tests that put records on a topic by hand (poisoned, forged),
    as `kafka`'s principal. Start it (`await producer.start()`) and stop it yourself."""
    from aiokafka import AIOKafkaProducer

    return AIOKafkaProducer(**kafka.aiokafka(), acks="all")


def put_records(kafka: KafkaAccess, topic: str, records: list[tuple[bytes | None, bytes]],
                partition: int | None = None) -> None:
    """Put (key, value) records on `topic` by hand, in order, and wait for each acknowledgement."""
    import asyncio

    async def put() -> None:
        producer = raw_kafka_producer(kafka)
        await producer.start()
        try:
            for key, value in records:
                await producer.send_and_wait(topic, value, key=key, partition=partition)
        finally:
            await producer.stop()

    asyncio.run(put())


def read_topic(kafka: KafkaAccess, topic: str) -> list[dict[str, Any]]:
    """Every record now on `topic` (all partitions, offset 0 to the end), decoded."""
    import asyncio

    import orjson
    from aiokafka import AIOKafkaConsumer, TopicPartition

    async def read() -> list[dict[str, Any]]:
        consumer = AIOKafkaConsumer(**kafka.aiokafka(), enable_auto_commit=False)
        await consumer.start()
        try:
            partitions = consumer.partitions_for_topic(topic) or set()
            if not partitions:
                await consumer._client.force_metadata_update()  # noqa: SLF001
                partitions = consumer.partitions_for_topic(topic) or set()
            tps = [TopicPartition(topic, p) for p in sorted(partitions)]
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            ends = await consumer.end_offsets(tps)
            records: list[dict[str, Any]] = []

            async def behind() -> bool:
                return any([await consumer.position(tp) < ends[tp] for tp in tps])

            while await behind():
                for batch in (await consumer.getmany(timeout_ms=500)).values():
                    records += [{"partition": r.partition, "offset": r.offset, **orjson.loads(r.value)} for r in batch]
            return records
        finally:
            await consumer.stop()

    return asyncio.run(read())

"""The services the CLI talks to, and how a refusal becomes a readable message and exit code 1."""
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import typer
from rich.console import Console

# The local stack's ports (thidua_deploy.stack); other hosts: --service NAME=URL or THIDUA_SERVICES.
DEFAULT_SERVICES = {"registry": "http://127.0.0.1:8101", "progress": "http://127.0.0.1:8102",
                    "awards": "http://127.0.0.1:8103", "reporting": "http://127.0.0.1:8104"}


class Refused(Exception):
    """A service answered with an error (or could not be reached): printed, exit code 1."""

    def __init__(self, service: str, status: int, error: dict[str, Any]) -> None:
        super().__init__(f"{service}: {status} {error.get('rule')}: {error.get('message_en')}")
        self.service, self.status, self.error = service, status, error


def parse_services(pairs: list[str]) -> dict[str, str]:
    """`name=url` pairs (comma or space separated); none: the local stack's four services."""
    found: dict[str, str] = {}
    for pair in (p for item in pairs for p in item.replace(",", " ").split()):
        name, sep, url = pair.partition("=")
        if not sep or not name or not url.startswith(("http://", "https://")):
            raise typer.BadParameter(f"{pair!r}: expected NAME=http://host:port")
        found[name] = url.rstrip("/")
    return found or dict(DEFAULT_SERVICES)


@dataclass
class Operator:
    services: dict[str, str]
    token: str | None
    console: Console
    timeout_s: float = 30.0

    def url(self, service: str) -> str:
        if service not in self.services:
            raise typer.BadParameter(f"unknown service {service!r}; known: {', '.join(self.services)}")
        return self.services[service]

    @contextmanager
    def client(self, service: str) -> Iterator["ServiceClient"]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        with httpx.Client(base_url=self.url(service), headers=headers, timeout=self.timeout_s,
                          trust_env=False) as http:
            yield ServiceClient(service, http)


@dataclass
class ServiceClient:
    name: str
    http: httpx.Client

    def call(self, method: str, path: str, ok: tuple[int, ...] = (200,), **kwargs: Any) -> httpx.Response:
        """The answer when its status is in `ok`; otherwise Refused naming the rule."""
        try:
            response = self.http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise Refused(self.name, 0, {"rule": "UNREACHABLE", "message_en": f"{type(exc).__name__}: {exc}"}) from exc
        if response.status_code not in ok:
            raise Refused(self.name, response.status_code, _error_of(response))
        return response

    def json(self, method: str, path: str, ok: tuple[int, ...] = (200,), **kwargs: Any) -> Any:
        return self.call(method, path, ok, **kwargs).json()


def _error_of(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {"rule": "HTTP", "message_en": response.text[:300]}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {"rule": "HTTP", "message_en": str(body)[:300]}


def fail(console: Console, refused: Refused) -> typer.Exit:
    """Print a refusal the way the services word it; the caller raises the returned Exit."""
    e = refused.error
    console.print(f"[red]{refused.service} refused ({refused.status}, rule {e.get('rule')}):[/red] "
                  f"{e.get('message_en')}" + (f"\n  {e['message_vi']}" if e.get("message_vi") else ""))
    if e.get("figures"):
        console.print(f"  figures: {e['figures']}")
    return typer.Exit(1)


@contextmanager
def refusals_reported(console: Console) -> Iterator[None]:
    """Inside a command: a refusal is printed with its rule and the command exits 1."""
    try:
        yield
    except Refused as refused:
        raise fail(console, refused) from None

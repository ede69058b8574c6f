"""The four thidua services and the web app of the local stack, run under thidua_deploy.supervisor."""
from __future__ import annotations

from pathlib import Path

from ._util import pid_alive, port_open, say, tail
from .seal_env import seal_env
from .signin_env import signin_env
from .stack import PROCESSES, SERVICES, WEB, Service, load_stack, resolve_run_dir, up
from .stack_kafka import service_kafka
from .supervisor import (http_ok, log_file, pid_file, service_pid, start_service,
                         stop_pid_file, wait_http_ok)
from .web_env import web_env

HEALTH_DEADLINE = 60.0


class ServiceFailed(RuntimeError):
    pass


def _select(names: list[str] | None) -> list[Service]:
    if not names:
        return list(PROCESSES)
    known = {s.name: s for s in PROCESSES}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ServiceFailed(f"unknown service(s) {unknown}; known: {list(known)}")
    return [known[n] for n in names]


def service_env(stack: dict, svc: Service, run: Path) -> dict[str, str]:
    registry = next(s for s in SERVICES if s.name == "registry")
    if svc is WEB:
        return web_env(svc.port, {s.name: f"http://127.0.0.1:{s.port}" for s in SERVICES})
    return {
        **service_kafka(run, stack, svc.name),
        "DATABASE_URL": stack.get("service_database_urls", {}).get(svc.name, stack["database_url"]),
        "SERVICE_PORT": str(svc.port),
        "THIDUA_LOG_FORMAT": "json",
        **signin_env(svc.name, f"http://127.0.0.1:{registry.port}", run / "keys"),
        **seal_env(svc.name, run / "keys"),
        # The dashboard is public (issue 10): anonymous reads as role `public`, no personal data.
        "THIDUA_PUBLIC_READ": "true",
    }



def services_up(run: Path | None = None, names: list[str] | None = None) -> None:
    """Start the services not yet healthy, then wait until every /health answers 200.

    Raises ServiceFailed (after printing the tail of the service's log) when one does not."""
    run = resolve_run_dir(run)
    stack = load_stack(run)
    if stack is None or any(pid is not None and not pid_alive(pid) for pid in stack["started"].values()):
        stack = up(run)  # infra not up (or died): bring it up first
    chosen = _select(names)
    pids: dict[str, int] = {}
    for svc in chosen:
        pid = service_pid(run, svc.name)
        if pid is not None and http_ok(svc.health_url):
            say(f"{svc.name} already running (pid {pid}, {svc.health_url} 200): skipped")
            continue
        if pid is not None:
            say(f"{svc.name} (pid {pid}) is not healthy: restarting it")
            stop_pid_file(pid_file(run, svc.name), name=svc.name)
        if port_open("127.0.0.1", svc.port):
            raise ServiceFailed(f"port {svc.port} for {svc.name} is used by another process")
        pids[svc.name] = start_service(svc.name, svc.module, service_env(stack, svc, run), run)
    for svc in chosen:
        if svc.name not in pids:
            continue
        try:
            wait_http_ok(svc.health_url, HEALTH_DEADLINE, pid=pids[svc.name])
        except (TimeoutError, RuntimeError) as exc:
            log = log_file(run, svc.name)
            say(f"{svc.name} failed: {exc}\n----- tail of {log} -----\n{tail(log)}\n-----")
            raise ServiceFailed(f"{svc.name} did not become healthy") from exc
        say(f"{svc.name} healthy on {svc.health_url}")


def services_down(run: Path | None = None, names: list[str] | None = None) -> None:
    """Stop the services (reverse order); already stopped ones are fine."""
    run = resolve_run_dir(run)
    for svc in reversed(_select(names)):
        stop_pid_file(pid_file(run, svc.name), name=svc.name)


def services_status(run: Path | None = None) -> list[str]:
    run = resolve_run_dir(run)
    lines = []
    for svc in PROCESSES:
        pid = service_pid(run, svc.name)
        if pid is None:
            lines.append(f"{svc.name:<9} stopped")
        else:
            health = "200" if http_ok(svc.health_url, 1.0) else "not answering"
            lines.append(f"{svc.name:<9} running  pid {pid:<7} {svc.health_url} -> {health}")
    return lines

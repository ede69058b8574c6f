"""create_app(settings): reporting's HTTP API and its runtime; nothing happens at import."""
from fastapi import FastAPI

from thidua_kernel.clock import Clock, SystemClock
from thidua_kernel.service_app import build_app

from . import api, bootstrap
from .config import ReportingSettings


def create_app(settings: ReportingSettings, clock: Clock | None = None) -> FastAPI:
    clock = clock or SystemClock()
    return build_app(
        "thidua reporting",
        settings,
        lambda: bootstrap.start(settings, clock),
        lambda app, runtime, current_actor: api.add_routes(app, runtime, settings, clock, current_actor),
    )

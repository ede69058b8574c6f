"""create_app(settings): the registry's HTTP API and its runtime; nothing happens at import."""
from fastapi import FastAPI

from thidua_kernel.service_app import build_app

from . import api, bootstrap
from .config import RegistrySettings


def create_app(settings: RegistrySettings) -> FastAPI:
    return build_app("thidua registry", settings, lambda: bootstrap.start(settings), api.add_routes)

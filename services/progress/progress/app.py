"""create_app(settings): the progress service's HTTP API and its runtime; nothing happens at import."""
from fastapi import FastAPI

from thidua_kernel.service_app import build_app

from . import api, bootstrap
from .config import ProgressSettings


def create_app(settings: ProgressSettings) -> FastAPI:
    return build_app("thidua progress", settings, lambda: bootstrap.start(settings), api.add_routes)

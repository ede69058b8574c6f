"""Every reporting command: path, body model and handler function, in one table (kernel routes)."""
from thidua_kernel.routes import CommandRoute

from .inspection_commands import INSPECTION_COMMANDS

COMMANDS: list[CommandRoute] = [*INSPECTION_COMMANDS]

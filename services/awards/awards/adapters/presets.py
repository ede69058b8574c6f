"""Round presets shipped as package data (A10: the 2011–2015 summary round is data, loaded by a
command, never code). Reading package files is an adapter, so it lives here, not in domain/."""
from functools import cache
from importlib.resources import files

from contracts.awards import RoundDefined

PRESETS = {"2011-2015": "round_2011_2015.json"}


@cache
def _load(file_name: str) -> RoundDefined:
    return RoundDefined.model_validate_json((files("awards") / "data" / file_name).read_bytes())


def preset(name: str) -> RoundDefined | None:
    """The preset round called `name` ("2011-2015"), or None when there is none by that name."""
    file_name = PRESETS.get(name)
    return _load(file_name) if file_name is not None else None


def preset_names() -> list[str]:
    return sorted(PRESETS)

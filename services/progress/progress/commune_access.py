"""Who may write about a commune or a district (every write checks its actor)."""
from contracts.envelope import Actor
from thidua_kernel.auth import require_unit_scope

from .deps import Deps


async def authorise_on_commune(deps: Deps, actor: Actor, district_code: str, commune_code: str | None,
                               action: str) -> None:
    """Province board anywhere; a district officer inside its own district (U1 then checks the parent)."""
    district = await deps.units.get(district_code)
    province = [district.parent_code] if district is not None and district.parent_code else []
    require_unit_scope(actor, [*province, district_code, *([commune_code] if commune_code else [])], action)

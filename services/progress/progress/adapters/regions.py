"""Each province's declared region (P2), cached in process like the criteria sets: read from the
event store at first use, read again after this process declares one (the handler invalidates it
once its append committed) or after the service's ReferenceProjection applies a declaration."""
from thidua_kernel.eventstore import EventStore

from ..domain.reference import ProvinceRegion
from ..mapping import PROVINCE_REGION, province_region


class RegionCache:
    def __init__(self, store: EventStore) -> None:
        self._store = store
        self._regions: dict[str, ProvinceRegion] = {}

    def invalidate(self, province_code: str) -> None:
        self._regions.pop(province_code, None)

    async def of(self, province_code: str) -> ProvinceRegion:
        """The province's declarations (none yet: an empty ProvinceRegion)."""
        found = self._regions.get(province_code)
        if found is None:
            found = province_region(province_code, await self._store.load(PROVINCE_REGION, province_code))
            self._regions[province_code] = found
        return found

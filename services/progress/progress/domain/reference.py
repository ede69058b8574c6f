"""Reference data (regions, content areas) and the two small aggregates built on it (P2, P6)."""
from dataclasses import dataclass, field
from datetime import date

# A province's region matters only for the criteria sets' thresholds: a declaration without a
# date holds from the first set (Decision 491/QĐ-TTg of 16 Apr 2009); that is its business time.
REGIONS_SINCE = date(2009, 4, 16)


@dataclass(frozen=True)
class Region:
    """A region of the criteria sets' thresholds (P2); `general` is the "national" column."""

    id: str
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class ContentArea:
    """One of the 11 content areas of the National Target Programme (P6, Decision 800/QĐ-TTg)."""

    id: int
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class ReferenceData:
    general: Region
    regions: tuple[Region, ...]
    content_areas: tuple[ContentArea, ...]

    @property
    def region_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.regions)

    @property
    def content_area_ids(self) -> tuple[int, ...]:
        return tuple(a.id for a in self.content_areas)


@dataclass(frozen=True)
class RegionDeclaration:
    region: str
    effective_from: date | None  # None: since REGIONS_SINCE, i.e. always for this programme
    sequence: int


@dataclass
class ProvinceRegion:
    """The province_region aggregate: the region(s) a province has declared (P2)."""

    province_code: str
    version: int = 0
    declarations: list[RegionDeclaration] = field(default_factory=list)

    def region_on(self, day: date) -> str | None:
        """The declaration in effect on `day`: latest effective date, then latest recorded."""
        current = [d for d in self.declarations if (d.effective_from or date.min) <= day]
        latest = max(current, key=lambda d: (d.effective_from or date.min, d.sequence), default=None)
        return latest.region if latest is not None else None

    def already_declares(self, region: str, effective_from: date | None) -> bool:
        """The same declaration again (a retry without a key, a re-import) changes nothing."""
        if not self.declarations:
            return False
        latest = self.declarations[-1]
        return latest.region == region and latest.effective_from == effective_from


@dataclass(frozen=True)
class CommunePlan:
    """P6: a commune's plan for a period, with its content areas and targeted criteria."""

    commune_code: str
    district_code: str
    period: str
    period_start: int
    period_end: int
    content_areas: tuple[int, ...]
    criteria: tuple[int, ...]
    document_number: str
    approved_on: date | None = None

    @property
    def stream_id(self) -> str:
        return plan_id(self.commune_code, self.period)


def plan_id(commune_code: str, period: str) -> str:
    """One stream per commune and period: a re-recorded plan for the period is a revision."""
    return f"{commune_code}-{period}"

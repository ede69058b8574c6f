"""Reads real administrative units from the `vietnamadminunits` package (pre-2025 set)."""
from dataclasses import dataclass
from importlib.metadata import version

from thidua_kernel.text import nfc

DISTRICT_TYPES = {"Thành phố": "city", "Huyện": "rural_district", "Thị xã": "town", "Quận": "urban_district"}
COMMUNE_TYPES = {"Xã": "rural_commune", "Thị trấn": "township", "Phường": "ward", "Đặc khu": "special_zone"}


@dataclass(frozen=True)
class ReferenceUnit:
    code: str
    unit_type: str
    name: str
    parent_code: str | None
    latitude: float | None
    longitude: float | None


def source_label() -> str:
    return f"vietnamadminunits {version('vietnamadminunits')} (pre-2025 set)"


def province_units(province_code: str) -> list[ReferenceUnit]:
    """The province, its district-level units and its commune-level units, parents first."""
    from vietnamadminunits.database import query  # the package reads its bundled SQLite file

    rows = query(
        "SELECT province, provinceCode, provinceLat, provinceLon, district, districtCode, districtType,"
        " districtLat, districtLon, ward, wardCode, wardType, wardLat, wardLon"
        f" FROM admin_units_legacy WHERE provinceCode = '{int(province_code):02d}'"
        " ORDER BY districtCode, wardCode"
    )
    if not rows:
        return []
    first = rows[0]
    units = [ReferenceUnit(first["provinceCode"], "province", nfc(first["province"]), None,
                           first["provinceLat"], first["provinceLon"])]
    seen_districts: set[str] = set()
    for row in rows:
        if row["districtCode"] not in seen_districts:
            seen_districts.add(row["districtCode"])
            units.append(ReferenceUnit(row["districtCode"], DISTRICT_TYPES[nfc(row["districtType"])],
                                       nfc(row["district"]), row["provinceCode"],
                                       row["districtLat"], row["districtLon"]))
    for row in rows:
        if not row["wardCode"]:
            continue  # island districts without communes (e.g. Bạch Long Vĩ) have a row with no ward
        units.append(ReferenceUnit(row["wardCode"], COMMUNE_TYPES[nfc(row["wardType"])], nfc(row["ward"]),
                                   row["districtCode"], row["wardLat"], row["wardLon"]))
    return units

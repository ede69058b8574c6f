"""Reads the 2025 set of `vietnamadminunits` and its converter data into a Reform2025.

The converter data (data/converter_2025.json) maps each new commune to the pre-2025 units it
was formed from, by key "<province>_<district>_<commune>": DICT_PROVINCE (new province → old
provinces), DICT_PROVINCE_WARD_NO_DIVIDED (new commune → old communes merged whole into it) and
DICT_PROVINCE_WARD_DIVIDED (old commune → the new communes it was divided between, one marked
default). Keys are joined to official codes through the package's two tables.
"""
import json
from importlib import resources
from importlib.metadata import version

from thidua_kernel.text import nfc

from ..domain.reform_2025 import DividedCommune, NewCommune, Reform2025
from .admin_units import COMMUNE_TYPES


def source_label_2025() -> str:
    return f"vietnamadminunits {version('vietnamadminunits')} (2025 set)"


def _converter() -> dict:
    raw = resources.files("vietnamadminunits").joinpath("data/converter_2025.json").read_text(encoding="utf-8")
    return json.loads(raw)


def reform_2025(province_code: str) -> Reform2025 | None:
    """The 2025 set of one (new) province and where each of its units came from; None if unknown."""
    from vietnamadminunits.database import query  # reads the package's bundled SQLite file

    code = f"{int(province_code):02d}"
    new = query(
        "SELECT province, provinceKey, provinceLat, provinceLon, ward, wardCode, wardKey, wardType, wardLat,"
        f" wardLon FROM admin_units WHERE provinceCode = '{code}' ORDER BY wardCode"
    )
    if not new:
        return None
    converter = _converter()
    new_key = new[0]["provinceKey"]
    old_keys = converter["DICT_PROVINCE"].get(new_key, [])
    quoted = ",".join(f"'{k}'" for k in old_keys if k.isalnum())
    legacy = query(
        "SELECT provinceKey || '_' || districtKey || '_' || coalesce(wardKey, '') AS k, provinceCode,"
        f" districtCode, wardCode FROM admin_units_legacy WHERE provinceKey IN ({quoted or 'NULL'})"
    )
    code_of = {r["k"]: r["wardCode"] for r in legacy if r["wardCode"]}
    whole_of = converter["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_key, {})
    divided_raw = converter["DICT_PROVINCE_WARD_DIVIDED"].get(new_key, {})
    new_code_of = {r["wardKey"]: r["wardCode"] for r in new}
    divided = tuple(
        DividedCommune(
            code_of[old_key],
            tuple(sorted(new_code_of[w["newWardKey"]] for w in targets if w["newWardKey"] in new_code_of)),
            next((new_code_of.get(w["newWardKey"]) for w in targets if w["isDefaultNewWard"]), None),
        )
        for old_key, targets in sorted(divided_raw.items()) if old_key in code_of
    )
    communes = tuple(
        NewCommune(
            r["wardCode"], COMMUNE_TYPES[nfc(r["wardType"])], nfc(r["ward"]), r["wardLat"], r["wardLon"],
            whole=tuple(sorted(code_of[k] for k in whole_of.get(r["wardKey"], []) if k in code_of)),
            parts=tuple(sorted(d.code for d in divided if r["wardCode"] in d.into)),
        )
        for r in new
    )
    placed = {c for n in communes for c in n.whole} | {d.code for d in divided}
    return Reform2025(
        province_code=code, province_name=nfc(new[0]["province"]),
        latitude=new[0]["provinceLat"], longitude=new[0]["provinceLon"],
        legacy_province_codes=tuple(sorted({r["provinceCode"] for r in legacy})),
        legacy_district_codes=tuple(sorted({r["districtCode"] for r in legacy})),
        communes=communes, divided=divided,
        unmapped=tuple(sorted(set(code_of.values()) - placed)),
    )

"""Registry rules, each a function named after its DOMAIN.md id (U1–U8, A4)."""
from .programme import (
    a4_registered_once, u2_members_are_of_kind, u3_participant_fits, u4_province_pilot, u5_district_pilot,
    u6_pledge_fits, u7_not_yet_submitted, u7_plan_has_deadline,
)
from .units import (
    u1_type_keeps_level, u1_unit_fits_hierarchy, u4_code_is_new, u8_after_start, u8_exists_on,
    u8_merge_is_well_formed, u8_split_has_parts,
)

__all__ = [
    "a4_registered_once", "u1_type_keeps_level", "u1_unit_fits_hierarchy", "u2_members_are_of_kind",
    "u3_participant_fits", "u4_code_is_new", "u4_province_pilot", "u5_district_pilot", "u6_pledge_fits",
    "u7_not_yet_submitted", "u7_plan_has_deadline", "u8_after_start", "u8_exists_on", "u8_merge_is_well_formed",
    "u8_split_has_parts",
]

"""Awards' projections: the shared NTM facts (thidua_facts), into awards' own schema.

Awards holds no tables of its own yet; the ranking is computed from these facts only.
"""
from thidua_facts.projection import NtmFacts

__all__ = ["NtmFacts"]

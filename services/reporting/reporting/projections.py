"""Reporting's projections: the shared NTM facts (thidua_facts), into reporting's own schema.

Reporting holds no tables of its own yet; the report is computed from these facts only.
"""
from thidua_facts.projection import NtmFacts

__all__ = ["NtmFacts"]

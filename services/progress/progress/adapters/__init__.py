"""Adapters: what the handlers read besides their own streams (units, criteria set ids, data files)."""

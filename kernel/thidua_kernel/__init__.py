"""Shared kernel: the infrastructure every thidua service stands on, written once."""

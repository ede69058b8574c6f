"""Event contracts that cross service boundaries: data only, no logic, no service imports."""

"""The reporting service: the consolidated report of the movement, as of any date (R2)."""

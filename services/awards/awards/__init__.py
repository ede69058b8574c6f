"""The awards service: standards and awards of the movement; for now the district ranking (A2, A5)."""

"""The registry service: who takes part, and how the units are organised over time."""

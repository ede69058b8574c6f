"""The NTM facts as one shared, bitemporal read model (DOMAIN.md U1, U2, U8, P1-P5).

Each consuming service (progress, awards, reporting) runs the `NtmFacts` projection into its own
schema, with the SQL of `MIGRATIONS`, and asks every question as of an effective date (`as_of`)
and as known at a recording time (`known_at`): the answer for (as_of, known_at) never changes
when events are recorded after known_at.
"""
from importlib import resources
from pathlib import Path

# The tables of the NtmFacts projection: pass this folder to kernel migrate()/start_runtime()
# beside the service's own migrations.
MIGRATIONS = Path(str(resources.files("thidua_facts") / "migrations"))

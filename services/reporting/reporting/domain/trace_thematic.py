"""Every trace rule of the five-year thematic report (R4): its own figures (trace_summaries), the
milestones' findings (trace_milestones), its plan's rounds of awards traced at the awards
section's own day (trace_awards.section_day) and its periods judged on known_at's day. Pure."""
from .trace import Family, constant
from .trace_awards import AWARDS_FAMILIES
from .trace_milestones import MILESTONE_FAMILIES
from .trace_summaries import PERIODIC, PLAN_FAMILIES

THEMATIC_FAMILIES = (
    *PLAN_FAMILIES,
    *MILESTONE_FAMILIES,
    Family("awards/as_of", "R4: the day the plan's rounds stand at (known_at's, in Vietnam), a figure of the question",
           constant, True),
    *AWARDS_FAMILIES,
    *PERIODIC,
)

"""What an event is about, for the audit trail (issue 11): its subjects, as the event index keeps
them, and the subject a question names.

Readings chosen:
- A unit's trail is every event that names the unit's code: its own registry stream (registered,
  renamed, moved, merged, split, dissolved), a merger or split naming it as successor, its
  pilot designation, target, movement registration or a pledge it gives or receives, progress's
  assessments, recognitions, revocations and plans of the xã, the awards' nominations naming it
  as nominee (submitted, reviewed, decided: the steps that carry the nominee) and council
  findings and scores, reporting's submissions, inspections and proposals of the unit.
- A criterion's trail (`<xã code>/<n>`) is every assessment of that criterion, alone or as a cell
  of a district matrix, and the xã's recognitions and revocations (P4): a recognition decides on
  all 19 criteria, so it belongs to the trail of each.
- A nomination (`<round>/<award kind>/<nominee code>`, the awards service's own id) is every step
  of it in its round's stream: submitted, withdrawn, received, reviewed, decided, conferred.
- A participant (U3: a department, enterprise, mass organisation, individual) shares one code
  space with the units (U4's `u4_code_is_new` refuses a participant code a unit holds and the
  reverse), so its subject key is the same `unit:<code>`: its own registry stream (registered,
  its personal data erased) and every event naming it (a nomination of it, a pledge it gives). The
  kind `participant` asks for that key, refused under U3 where `unit` is under U1.
- A report is an issued report's number (`125/BC-UBND`), a reporting period's code (`2015-H1`:
  its opening and every submission of the period) or one submission (`2015-H1/180`).
"""
import re
from dataclasses import dataclass
from typing import Any

KINDS = ("unit", "participant", "criterion", "nomination", "report")
# Streams whose own events are about the unit or participant of their id (one code space, U4).
CODED_AGGREGATES = frozenset({"unit", "participant"})
RECOGNITION_TYPES = frozenset({"CommuneRecognised", "RecognitionRevoked"})
ALL_CRITERIA = "*"
# Payload fields that name a unit (or participant) code, whichever topic carries them; with
# `successor_codes`, `criterion`, `results` (a matrix's cells) and `nomination_id` they are all
# the payload the subjects need.
UNIT_FIELDS = ("commune_code", "unit_code", "nominee_code", "proposer_code", "successor_code",
               "supporter_code", "supported_code")
FIELDS = (*UNIT_FIELDS, "successor_codes", "criterion", "results", "nomination_id")


def event_subjects(event_type: str, aggregate_type: str, aggregate_id: str, p: Any) -> list[str]:
    """The subjects of one event, each once, in a stable order (a rebuild writes the same rows).
    `p` has every attribute of FIELDS (None when the payload lacks it); a cell of `results` has
    `criterion`. Written out field by field: it runs once per event of every topic on a replay."""
    found = [f"unit:{aggregate_id}"] if aggregate_type in CODED_AGGREGATES else []
    commune = p.commune_code
    for code in (commune, p.unit_code, p.nominee_code, p.proposer_code, p.successor_code, p.supporter_code,
                 p.supported_code):
        if code:
            found.append(f"unit:{code}")
    if p.successor_codes:
        found.extend(f"unit:{code}" for code in p.successor_codes)
    if commune:
        if event_type in RECOGNITION_TYPES:
            found.append(f"criterion:{commune}/{ALL_CRITERIA}")
        elif p.criterion is not None:
            found.append(f"criterion:{commune}/{p.criterion}")
        elif p.results:
            found.extend(f"criterion:{commune}/{cell.criterion}" for cell in p.results if cell.criterion is not None)
    if p.nomination_id:
        found.append(f"nomination:{p.nomination_id}")
    if aggregate_type in REPORT_AGGREGATES:
        found.extend(_report_subjects(aggregate_type, aggregate_id))
    return list(dict.fromkeys(found)) if len(found) > 1 else found


REPORT_AGGREGATES = frozenset({"issued_report", "reporting_period", "submission"})


def _report_subjects(aggregate_type: str, aggregate_id: str) -> list[str]:
    if aggregate_type in ("issued_report", "reporting_period"):
        return [f"report:{aggregate_id}"]
    if aggregate_type == "submission":  # "<period>/<unit>": the submission, and its period
        return [f"report:{aggregate_id}", f"report:{aggregate_id.split('/', 1)[0]}"]
    return []


@dataclass(frozen=True)
class Subject:
    """A subject asked about, with the index's subject keys any of which names it."""

    kind: str
    id: str
    keys: tuple[str, ...]


CODE = r"[0-9A-Za-z_.-]{1,32}"
REPORT_NUMBER = re.compile(r"[0-9]{1,6}/[0-9A-ZĐ][0-9A-ZĐ-]{0,30}")  # issue_commands.NUMBER_PATTERN
_PATTERNS: dict[str, tuple[re.Pattern[str], str]] = {
    "unit": (re.compile(CODE), "a unit code, e.g. 06034"),
    "participant": (re.compile(CODE), "a participant's code (U3), e.g. SNN"),
    "criterion": (re.compile(rf"({CODE})/(\d{{1,2}})"), "<xã code>/<criterion 1..19>, e.g. 06034/5"),
    "nomination": (re.compile(rf"({CODE})/({CODE})/({CODE})"),
                   "<round>/<award kind>/<nominee code>, e.g. 2011-2015/pm_certificate/06034"),
    "report": (re.compile(rf"{REPORT_NUMBER.pattern}|{CODE}(/{CODE})?"),
               "an issued report's number (125/BC-UBND), a period (2015-H1) or a submission (2015-H1/180)"),
}


class BadSubject(ValueError):
    def __init__(self, kind: str, subject_id: str, expected: str) -> None:
        super().__init__(f"{kind}/{subject_id}: {expected}")
        self.kind, self.subject_id, self.expected = kind, subject_id, expected


def parse_subject(kind: str, subject_id: str) -> Subject:
    """The subject `kind`/`subject_id` names, or BadSubject saying what was expected."""
    if kind not in _PATTERNS:
        raise BadSubject(kind, subject_id, f"kind one of {', '.join(KINDS)}")
    pattern, expected = _PATTERNS[kind]
    matched = pattern.fullmatch(subject_id)
    if matched is None:
        raise BadSubject(kind, subject_id, expected)
    if kind == "criterion":
        n = int(matched.group(2))
        if not 1 <= n <= 19:  # P1: 19 criteria
            raise BadSubject(kind, subject_id, "a criterion from 1 to 19 (P1)")
        return Subject(kind, subject_id, (f"criterion:{subject_id}", f"criterion:{matched.group(1)}/{ALL_CRITERIA}"))
    if kind == "participant":
        return Subject(kind, subject_id, (f"unit:{subject_id}",))
    return Subject(kind, subject_id, (f"{kind}:{subject_id}",))


# The rule an unknown or malformed subject is refused under: where its kind's facts are defined.
RULES: dict[str, str] = {"unit": "U1", "participant": "U3", "criterion": "P3", "nomination": "A11", "report": "R2"}

"""Payloads published by the awards service on AWARDS_EVENTS (DOMAIN.md A1, A8–A11).

Aggregates (aggregate_type / aggregate_id):
- `award_round` / the round's code ("2011-2015"): RoundDefined, PrizeSet, CouncilFindingRecorded
  and every nomination event of the round. The quotas (A9) are invariants over all of a round's nominations, so the
  round is the consistency boundary: one stream, appended at its expected version, so two
  concurrent submissions can never both take the last place of a quota. A nomination is named
  by `nomination_id` = "<round>/<award kind>/<nominee code>" (one per nominee per award kind per
  round; a nominee withdrawn may be submitted again under the same id).
- `emulation_score` / "<year>/<cluster or block code>": EmulationScoreRecorded (A1).

A round is data (A8, A10): its award kinds, who may be nominated for each, the checks each applies
(named by the round's own rule ids), the quotas and the prizes. Nothing about a round is code.
Every nomination event that judged eligibility or quotas carries its verdicts with their figures,
so what the system said at the time is in the log, not only recomputed.
"""
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# What may be nominated (U3): administrative units by unit type, participants by kind.
NomineeKind = Literal[
    "district", "rural_commune", "township", "ward",
    "department", "mass_organisation", "fatherland_front", "subordinate_unit", "enterprise",
    "official", "business_person", "household",
]
# Who may nominate for an award kind: the province (its board, for the council), a district, a
# department or mass organisation (the U3 kinds department, mass_organisation, fatherland_front).
NominatorKind = Literal["province", "district", "department"]
# The checks a round may apply, each evaluated from the recorded facts at the round's reference
# date (and the council's findings of the round):
#   highest_ntm_rate        the nominee district ranks first by NTM rate in the province (P5)
#   ntm_rank_between        ranks within params {"min": 2, "max": 3}
#   recognised              the nominee xã is recognised as meeting the standard (P4)
#   council_exemplary       the council found the nominee exemplary in this round (review)
#   in_exemplary_district   the council found the nominee's district exemplary in this round
#   supports_units          pledges (U6): params {"districts": 1, "subordinate_communes": 2}
#   individual_standard     A7: an individual kind; an address where the kind needs one
#   achievement_file        the file has a justification (and params {"attachments": n} at least)
CheckKind = Literal[
    "highest_ntm_rate", "ntm_rank_between", "recognised", "council_exemplary",
    "in_exemplary_district", "supports_units", "individual_standard", "achievement_file",
]
# How a quota groups nominations: the whole round; the nominee's district (a commune's district,
# a district itself); the nominee district's emulation cluster (U2); the nominating unit.
QuotaGroup = Literal["round", "nominee_district", "nominee_cluster", "nominating_unit"]
NominationOutcome = Literal["approved", "rejected"]
VerdictOutcome = Literal["pass", "fail", "pending"]
# "<round>/<award kind>/<nominee code>": round and award kind codes hold no "/".
NOMINATION_ID_PATTERN = r"^[^/]+/[^/]+/.+$"


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Check(_Payload):
    """One eligibility check of an award kind, reported under the round's `rule` id ("A2")."""

    rule: str
    check: CheckKind
    params: dict[str, int] = {}


class Prize(_Payload):
    """A kind's prize: an amount in VND, or set later by a resolution (A9(g): PrizeSet)."""

    amount_vnd: int | None = None
    description_vi: str | None = None
    set_later: bool = False


class AwardKind(_Payload):
    """One award kind of a round (A9 (a)–(f)), with who may be nominated and by whom."""

    code: str
    name_vi: str
    name_en: str
    level: Literal["central", "provincial", "department", "district"]
    nominee_kinds: list[NomineeKind]
    nominated_by: list[NominatorKind]
    # Who receives, reviews and decides: the province board (A11), or for the certificates of
    # A9(f) the nominating department or district itself.
    decided_by: Literal["province_board", "nominating_unit"] = "province_board"
    checks: list[Check] = []
    # A nominee of this kind may not also hold an active nomination of these kinds in the round
    # (A9(c): not the district nominated for the Government's flag).
    excludes: list[str] = []
    prize: Prize = Prize()
    paragraph: str | None = None  # where the plan says it: "A9(a)"


class Quota(_Payload):
    """A quota of the round over the active nominations of `award_kinds`, per `group`.

    `maximum` is refused beyond (at submission and at approval); `minimum` is only shown as a
    shortfall on the dashboard. `share_of_communes_pct`: at most floor(n × pct / 100) nominations
    per nominee district, n = the district's xã at the reference date (A9(e): 20%).
    """

    rule: str
    award_kinds: list[str]
    group: QuotaGroup
    maximum: int | None = None
    minimum: int | None = None
    share_of_communes_pct: int | None = None
    nominee_kinds: list[NomineeKind] | None = None  # count only these nominee kinds (None: all)
    description_vi: str
    description_en: str


class RoundDefined(_Payload):
    """A round of awards (A8–A10): the whole definition; a later RoundDefined replaces it."""

    code: str
    title_vi: str
    title_en: str
    kind: Literal["annual", "summary"]
    period_from: int
    period_to: int
    reference_date: date  # the date eligibility is judged at (2011–2015: 2015-12-31)
    nominations_open: date
    nominations_due: date  # the last day a nomination may be submitted (A8)
    province_code: str
    guidance: str | None = None  # 03/HD-HĐTĐKT
    award_kinds: list[AwardKind]
    quotas: list[Quota] = []
    preset: str | None = None  # the preset it was loaded from, if any


class PrizeSet(_Payload):
    """A9(g): the prize of an award kind, set by a resolution (the envelope's document_number)."""

    round_code: str
    award_kind: str
    amount_vnd: int
    description_vi: str | None = None
    resolution: str


class Attachment(_Payload):
    title: str
    document_number: str | None = None
    document_date: date | None = None
    reference: str | None = None  # where the file is kept (a URL or a records-office reference)


class AchievementFile(_Payload):
    """The achievement file (hồ sơ thành tích): justification, figures by label, attachments."""

    justification: str
    figures: dict[str, float] = {}
    attachments: list[Attachment] = []


class Verdict(_Payload):
    """One check or quota as judged: rule id, outcome, the message in both languages, figures."""

    rule: str
    check: str
    outcome: VerdictOutcome
    message_vi: str
    message_en: str
    figures: dict[str, Any] = {}


class NominationSubmitted(_Payload):
    nomination_id: str
    round_code: str
    award_kind: str
    nominee_code: str
    nominee_kind: NomineeKind
    nominee_name: str
    nominee_district: str | None = None
    nominating_unit: str
    achievement_file: AchievementFile
    submitted_on: date
    verdicts: list[Verdict] = []


class NominationWithdrawn(_Payload):
    nomination_id: str
    withdrawn_on: date
    reason: str


class NominationReceived(_Payload):
    nomination_id: str
    received_on: date


class NominationReviewed(_Payload):
    """The council's finding on "exemplary" (tiêu biểu), with its reasons (A2, A3, A5, A6)."""

    nomination_id: str
    nominee_code: str
    exemplary: bool
    reasons: str
    reviewed_on: date


class CouncilFindingRecorded(_Payload):
    """The council's finding on "exemplary" (tiêu biểu) for a unit of the round that no nomination
    of it brought to review: A6 asks whether a commune's district is exemplary, and the council
    judges every district, not only those nominated. The latest finding on a unit counts, whether
    it came from a review or from here."""

    round_code: str
    unit_code: str
    exemplary: bool
    reasons: str
    found_on: date


class NominationDecidedV1(_Payload):
    """NominationDecided as published until version 2 (schema_version 1): still in the log, read
    through the upcaster (thidua_kernel.upcasting), never written again."""

    nomination_id: str = Field(pattern=NOMINATION_ID_PATTERN)
    outcome: NominationOutcome
    reasons: str
    decision_number: str
    decision_date: date
    verdicts: list[Verdict] = []


class NominationDecided(_Payload):
    """A11: approved or rejected, with reasons, the decision's number and date, and the verdicts
    of the checks run again at decision.

    Version 2 names the round, the award kind and the nominee that version 1 carried only inside
    `nomination_id` ("<round>/<award kind>/<nominee code>"). Why: an agency that follows the
    decisions (the Department of Finance paying the prize of the award kind, a statistics office
    counting by kind) needs them, and an identifier's format is not a contract it should parse.
    A version 1 event is read as version 2 by splitting its `nomination_id` (round and award kind
    codes hold no "/"; a nominee code may).
    """

    nomination_id: str = Field(pattern=NOMINATION_ID_PATTERN)
    round_code: str
    award_kind: str
    nominee_code: str
    outcome: NominationOutcome
    reasons: str
    decision_number: str
    decision_date: date
    verdicts: list[Verdict] = []


class AwardConferred(_Payload):
    nomination_id: str
    conferred_on: date
    certificate_number: str | None = None


class EmulationScoreRecorded(_Payload):
    """A1: a member's yearly emulation score in its cluster or block, with this movement's part."""

    year: int
    group_code: str
    unit_code: str
    score: float
    movement_score: float


EVENT_TYPES = {
    "RoundDefined": RoundDefined,
    "PrizeSet": PrizeSet,
    "NominationSubmitted": NominationSubmitted,
    "NominationWithdrawn": NominationWithdrawn,
    "NominationReceived": NominationReceived,
    "NominationReviewed": NominationReviewed,
    "CouncilFindingRecorded": CouncilFindingRecorded,
    "NominationDecided": NominationDecided,
    "AwardConferred": AwardConferred,
    "EmulationScoreRecorded": EmulationScoreRecorded,
}

# Every published version of the event types whose payload changed shape, oldest first; an event
# type not named here has only its EVENT_TYPES model, as version 1. The newest is what producers
# write; the older ones are read through thidua_kernel.upcasting.
VERSIONS = {
    "NominationDecided": {1: NominationDecidedV1, 2: NominationDecided},
}

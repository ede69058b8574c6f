"""Award rules as far as today's recorded facts reach, each named after its DOMAIN.md id.

Only the NTM-rate part of A2 and A5 can be judged: "exemplary" (tiêu biểu) is the council's
judgement and no event records it yet, so these are candidates, not awards.
"""
from collections.abc import Sequence
from dataclasses import dataclass

from thidua_facts.domain.ntm_rate import Ranked


@dataclass(frozen=True)
class Note:
    """A reading or a limit of the figures, said to whoever reads them."""

    rule: str
    message_vi: str
    message_en: str


def _has_recognised_xa(ranked: Ranked) -> bool:
    # Reading: a district with no recognised xã is not "the highest NTM rate" even when every
    # district is at 0% (all tied first): there is nothing to reward yet.
    return ranked.rank is not None and ranked.unit.recognised > 0


def a2_candidates(ranking: Sequence[Ranked]) -> list[str]:
    """A2: the district(s) with the highest NTM rate in the province (rank 1; ties share it)."""
    return [r.unit.code for r in ranking if r.rank == 1 and _has_recognised_xa(r)]


def a5_candidates(ranking: Sequence[Ranked]) -> list[str]:
    """A5: the districts ranked second or third by NTM rate (competition ranking: after a tie
    for first there is no second, and the next district is third)."""
    return [r.unit.code for r in ranking if r.rank in (2, 3) and _has_recognised_xa(r)]


CANDIDATE_NOTES = (
    Note("A2/A5",
         "Mới xét theo tỷ lệ xã đạt chuẩn nông thôn mới; tiêu chí \"tiêu biểu\" chưa được ghi nhận trong hệ thống,"
         " nên đây là danh sách huyện đủ điều kiện về tỷ lệ, chưa phải đề nghị khen thưởng.",
         "Judged on the NTM rate only: \"exemplary\" is not recorded yet, so these are districts eligible"
         " by rate, not nominations."),
    Note("P5",
         "Xếp hạng theo tỷ lệ giảm dần; bằng tỷ lệ thì cùng hạng, hạng sau bị bỏ qua (1, 2, 2, 4);"
         " huyện không có xã không được xếp hạng.",
         "Ranked by rate descending; equal rates share a rank and the next rank is skipped (1, 2, 2, 4);"
         " a district with no xã is not ranked."),
    Note("A2",
         "Huyện chưa có xã nào được công nhận đạt chuẩn không được coi là có tỷ lệ cao nhất.",
         "A district with no recognised xã is not a candidate, even when all districts are at 0%."),
)

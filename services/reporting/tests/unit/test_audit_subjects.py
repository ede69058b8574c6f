"""The audit trail's subjects of each kind of event (domain/audit_subjects.py), read from payloads
as the event index decodes them, and the subjects a question names or refuses."""
import pytest

from reporting.domain.audit_subjects import BadSubject, event_subjects, parse_subject
from reporting.event_index import _subject_fields


def subjects(event_type: str, aggregate: tuple[str, str], payload: dict | None) -> list[str]:
    return event_subjects(event_type, *aggregate, _subject_fields(payload))


def test_each_kind_of_event_names_its_subjects():
    assert subjects("UnitRegistered", ("unit", "06034"), {"code": "06034", "parent_code": "180"}) == ["unit:06034"]
    assert subjects("UnitDissolved", ("unit", "06037"), {"code": "06037", "successor_codes": ["06034", "06040"]}) == [
        "unit:06037", "unit:06034", "unit:06040"]
    assert subjects("CriterionAssessed", ("commune_progress", "06034"),
                    {"commune_code": "06034", "district_code": "180", "criterion": 5}) == [
        "unit:06034", "criterion:06034/5"]
    matrix = {"commune_code": "06034", "results": [{"criterion": 1, "met": True}, {"criterion": 19, "met": False}]}
    assert subjects("CriteriaAssessed", ("commune_progress", "06034"), matrix) == [
        "unit:06034", "criterion:06034/1", "criterion:06034/19"]
    # P4: a recognition decides on all 19 criteria, so it is in each criterion's trail.
    assert subjects("CommuneRecognised", ("commune_progress", "06034"), {"commune_code": "06034"}) == [
        "unit:06034", "criterion:06034/*"]
    assert subjects("NominationSubmitted", ("award_round", "2011-2015"),
                    {"nomination_id": "2011-2015/pm_certificate/06034", "nominee_code": "06034"}) == [
        "unit:06034", "nomination:2011-2015/pm_certificate/06034"]
    assert subjects("NominationReceived", ("award_round", "2011-2015"),
                    {"nomination_id": "2011-2015/pm_certificate/06034"}) == [
        "nomination:2011-2015/pm_certificate/06034"]
    assert subjects("SubmissionSubmitted", ("submission", "2015-H1/180"), {"unit_code": "180"}) == [
        "unit:180", "report:2015-H1/180", "report:2015-H1"]
    assert subjects("ReportIssued", ("issued_report", "125/BC-UBND"), {}) == ["report:125/BC-UBND"]
    assert subjects("AccountCreated", ("account", "ban-thi-dua"), None) == []
    # A participant's own stream is about its code, which it shares with no unit (U4).
    assert subjects("ParticipantRegistered", ("participant", "HO-0603401"),
                    {"code": "HO-0603401", "parent_code": "06034"}) == ["unit:HO-0603401"]
    assert subjects("PersonalDataErased", ("participant", "HO-0603401"), {"participant_code": "HO-0603401"}) == [
        "unit:HO-0603401"]


def test_a_question_names_its_subject_or_is_refused_with_what_was_expected():
    assert parse_subject("criterion", "06034/5").keys == ("criterion:06034/5", "criterion:06034/*")
    assert parse_subject("report", "125/BC-UBND").keys == ("report:125/BC-UBND",)
    assert parse_subject("report", "2015-H1/180").keys == ("report:2015-H1/180",)
    assert parse_subject("participant", "HO-0603401").keys == ("unit:HO-0603401",)
    for kind, wrong in (("criterion", "06034/0"), ("criterion", "06034/20"), ("criterion", "06034"),
                        ("unit", "a b"), ("nomination", "2011-2015/x"), ("person", "1"), ("unit", "x" * 33), ("participant", "a/b")):
        with pytest.raises(BadSubject):
            parse_subject(kind, wrong)

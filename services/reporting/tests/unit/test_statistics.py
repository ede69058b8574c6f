"""A report's figures for a statistics office (domain/statistics.py): one row per figure, ids as
the trace's, segments decoded, types the JSON's own, CSV readable by a spreadsheet."""
import csv
import io

from reporting.domain.figures import flatten
from reporting.domain.statistics import statistics, statistics_csv

REPORT = {
    "as_of": "2015-12-31", "known_at": "2016-01-05T10:00:00+07:00",
    "province": {"code": "20", "name": "Tỉnh Lạng Sơn"},
    "districts": [{"code": "180", "name": "Thành phố Lạng Sơn", "rate": 33.33, "communes": 3, "met": True},
                  {"code": "185", "name": "Huyện Hữu Lũng", "rate": 0.0, "communes": 24, "met": False}],
    "targets": [{"unit_code": "20", "year": 2015, "target_rate": 20, "actual_rate": None}],
    "decisions": [{"number": "125/QĐ-UBND", "title": "Công nhận xã đạt chuẩn"}],
}


def test_every_figure_once_in_the_reports_order_with_its_type():
    export = statistics(REPORT, "consolidated", {}, "abc", REPORT["province"])
    assert [row["figure"] for row in export["figures"]] == list(flatten(REPORT))
    by_id = {row["figure"]: row for row in export["figures"]}
    assert by_id["districts/180/rate"]["value"] == 33.33 and by_id["districts/180/rate"]["value_type"] == "decimal"
    assert by_id["districts/185/communes"]["value_type"] == "integer"
    assert by_id["districts/180/met"]["value_type"] == "boolean"
    assert by_id["targets/20+2015/actual_rate"]["value_type"] == "null"
    assert by_id["districts/180/name"]["value"] == "Thành phố Lạng Sơn" and by_id["districts/180/name"]["value_type"] == "text"
    assert by_id["decisions/125%2FQĐ-UBND/title"]["dimensions"] == ["decisions", "125/QĐ-UBND", "title"]
    assert (export["report"], export["as_of"], export["known_at"], export["report_sha256"]) == (
        "consolidated", "2015-12-31", "2016-01-05T10:00:00+07:00", "abc")
    assert export["province"] == {"code": "20", "name": "Tỉnh Lạng Sơn"}


def test_the_csv_has_a_bom_one_row_per_figure_and_the_same_bytes_twice():
    export = statistics(REPORT, "consolidated", {}, "abc", REPORT["province"])
    data = statistics_csv(export)
    assert data.startswith("\ufeff".encode()) and data == statistics_csv(statistics(REPORT, "consolidated", {}, "abc"))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == len(export["figures"])
    rate = next(r for r in rows if r["figure"] == "districts/180/rate")
    assert (rate["value"], rate["value_type"], rate["report"], rate["as_of"]) == ("33.33", "decimal", "consolidated", "2015-12-31")
    assert next(r for r in rows if r["figure"] == "districts/180/met")["value"] == "true"
    assert next(r for r in rows if r["figure"] == "targets/20+2015/actual_rate")["value"] == ""
    assert next(r for r in rows if r["figure"] == "districts/185/name")["value"] == "Huyện Hữu Lũng"

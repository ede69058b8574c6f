"""The consolidated report as a plain-text table with Vietnamese headings (for the demo to print).

Rendered from the JSON report itself, so the two never disagree.
"""
from typing import Any

from .text_format import day as _day
from .text_format import RATE_LEGEND_VI
from .text_format import pct as _pct
from .text_format import pct_decimal as _pct_decimal
from .text_format import table as _table
from .text_programme import programme_lines
from .text_sources import source_lines

NOT_YET_RECORDED_VI = {
    "nominations": "đề nghị khen thưởng (A9, A11)",
    "reporting submissions": "báo cáo định kỳ, đơn vị chậm/thiếu báo cáo (R1)",
}


def render(report: dict[str, Any]) -> str:
    p = report["province"]
    out = [
        "BÁO CÁO TỔNG HỢP PHONG TRÀO THI ĐUA XÂY DỰNG NÔNG THÔN MỚI",
        f"Tính đến ngày {_day(report['as_of'])} — {p['name']}: {p['recognised']}/{p['communes']} xã đạt chuẩn"
        f" nông thôn mới ({_pct(p['recognised'], p['communes'])})",
        RATE_LEGEND_VI,
        "",
        "1. Tỷ lệ xã đạt chuẩn nông thôn mới theo huyện, thành phố",
    ]
    out += _table(
        ["Hạng", "Mã", "Huyện, thành phố", "Cụm thi đua", "Số xã", "Đạt chuẩn", "Tỷ lệ"],
        [[d["rank"], d["code"], d["name"], d["cluster"]["name"] if d["cluster"] else None, d["communes"],
          d["recognised"], _pct(d["recognised"], d["communes"])] for d in report["districts"]],
    )
    out += ["", "2. Theo cụm thi đua"]
    if not report["clusters"]:
        out.append("(chưa có cụm thi đua có hiệu lực tại ngày này)")
    for c in report["clusters"]:
        rate = _pct(c["recognised"], c["communes"])
        out.append(f"{c['name']} ({c['code']}): {c['recognised']}/{c['communes']} xã đạt chuẩn ({rate})")
        out += ["   " + s for s in _table(
            ["Hạng trong cụm", "Mã", "Huyện, thành phố", "Số xã", "Đạt chuẩn", "Tỷ lệ"],
            [[m["rank_in_cluster"], m["code"], m["name"], m["communes"], m["recognised"],
              _pct(m["recognised"], m["communes"])]
             for m in c["members"]],
        )]
    cs = report["criteria_set"]
    out += ["", "3. Kết quả thực hiện các tiêu chí"
            + (f" (Bộ tiêu chí {cs['set_id']}, {cs['decision']}, từ {_day(cs['effective_from'])})" if cs
               else " (chưa có bộ tiêu chí có hiệu lực)")]
    out += _table(
        ["TC", "Tên tiêu chí", "Số xã đạt"],
        [[a["criterion"], a["name_vi"], f"{a['communes_met']}/{a['communes']}"] for a in report["criteria_attainment"]],
    )
    out += ["", "4. Số xã theo số tiêu chí đạt"]
    histogram = report["communes_by_criteria_met"]
    out += _table(["Số tiêu chí đạt", *histogram], [["Số xã", *histogram.values()]])
    out += ["", "5. Xã đạt 17–18 tiêu chí, chưa được công nhận đạt chuẩn"]
    near = report["near_standard"]
    out += _table(["Mã xã", "Tên xã", "Mã huyện", "Số tiêu chí đạt"],
                  [[n["code"], n["name"], n["district_code"], n["criteria_met"]] for n in near]) if near else ["(không có)"]
    out += ["", "6. Tiến độ thực hiện mục tiêu"]
    targets = report["targets"]
    out += _table(
        ["Đơn vị", "Năm", "Mục tiêu", "Thực hiện", "Tính đến", "Kết quả"],
        [[t["unit_name"] or t["unit_code"], t["year"], _pct_decimal(t["target_rate"]),
          _pct(t["recognised"], t["communes"]),
          _day(t["evaluated_on"]), _verdict(t)] for t in targets],
    ) if targets else ["(chưa có mục tiêu)"]
    out += programme_lines(report)  # sections 7 to 10
    out += source_lines(report)  # sections 11 to 14
    out += _lacking_planning(report["communes_lacking_planning"])
    if report["not_yet_recorded"]:
        out += ["", "Chưa có dữ liệu (chưa được ghi nhận trong hệ thống): "
                + "; ".join(NOT_YET_RECORDED_VI.get(s, s) for s in report["not_yet_recorded"]) + "."]
    return "\n".join(out) + "\n"


def _lacking_planning(lacking: dict[str, Any]) -> list[str]:
    """P5: "by 2012 every commune has its planning" (criterion 1)."""
    communes = lacking["communes"]
    lines = ["", f"15. Xã chưa đạt tiêu chí {lacking['criterion']} (quy hoạch): {len(communes)} xã"]
    return lines + (_table(["Mã xã", "Tên xã", "Huyện, thành phố", "Đã đánh giá"],
                           [[c["code"], c["name"], c["district_name"] or c["district_code"],
                             "Có" if c["assessed"] else "Chưa"] for c in communes]) if communes else ["(không có)"])


def _verdict(target: dict[str, Any]) -> str:
    if target["met"] is None:
        return "Không xác định (không có xã)"
    if target["met"]:
        return "Đạt"
    return "Không đạt" if target["deadline_passed"] else "Chưa đạt (chưa đến hạn)"

"""What the demo prints: every figure computed by the services from their events."""
from datetime import datetime, timedelta
from typing import Any

import httpx

from reporting.text_format import pct

from .demo_history import NEAR_PER_DISTRICT


def print_ranking(client: httpx.Client, url: dict[str, str], as_of: str) -> None:
    ranking = client.get(f"{url['awards']}/rankings/districts", params={"as_of": as_of}).json()
    p = ranking["province"]
    print(f"\nXếp hạng huyện theo tỷ lệ xã đạt chuẩn nông thôn mới (awards, tại {as_of};"
          f" toàn tỉnh {p['recognised']}/{p['communes']} xã):")
    for d in ranking["districts"]:
        rate = pct(d["recognised"], d["communes"]) if d["rate"] is not None else "—"  # exact: 17,05%
        print(f"  {d['rank'] or '-':>2}. {d['name']:<24} {d['recognised']:>2}/{d['communes']:<3} {rate:>7}")
    print(f"  Ứng viên A2 (cao nhất): {ranking['candidates']['A2']}; A5 (thứ 2–3): {ranking['candidates']['A5']}")


def print_programme(client: httpx.Client, url: dict[str, str]) -> None:
    pilots = client.get(f"{url['registry']}/pilots", params={"as_of": "2012-12-31"}).json()
    print(f"\nChỉ đạo điểm (U4, U5, tại 2012-12-31): {len(pilots['province_pilots'])} điểm của tỉnh;"
          f" huyện chưa đủ {pilots['minimum_per_district']} xã điểm: {pilots['districts_below_minimum']}")
    pledges = client.get(f"{url['registry']}/pledges", params={"as_of": "2012-12-31"}).json()
    print(f"Đăng ký hỗ trợ (U6): {len(pledges['pledges'])} đăng ký; sở chưa hỗ trợ huyện nào:"
          f" {[d['code'] for d in pledges['departments_without_district']]}; đơn vị trực thuộc hỗ trợ"
          f" dưới 2 xã: {[d['code'] for d in pledges['subordinate_units_below_two_communes']]}")
    plans = client.get(f"{url['registry']}/plans", params={"as_of": "2012-04-01"}).json()
    print(f"Kế hoạch (U7, tại 2012-04-01): {plans['counts']}")
    for as_of in ("2015-12-31", "2020-12-31"):
        units = client.get(f"{url['registry']}/units", params={"as_of": as_of, "parent_code": "181"}).json()
        print(f"Huyện Bình Gia tại {as_of}: {len(units)} đơn vị cấp xã"
              f" ({'có' if any(u['code'] == '06113' for u in units) else 'không còn'} Xã Tô Hiệu)")


def correct_and_compare(client: httpx.Client, url: dict[str, str], command: Any, wait_for: Any,
                        commune: str, district: str) -> None:
    """A correction recorded today about 2015: '2015 as known now' changes, '2015 as known then' not."""
    answer = command(client, "progress", "assess-criterion",
                     {"commune_code": commune, "district_code": district, "criterion": 1, "met": False,
                      "effective_date": "2015-09-30", "evidence": "KL-thanh-tra", "reason": "kết luận thanh tra"},
                     f"demo-correction-{commune}")
    version = answer["events"][0]["aggregate_version"] if answer["events"] else None

    def correction() -> dict | None:
        rows = client.get(f"{url['progress']}/communes/{commune}/history").json()["events"]
        return next((r for r in rows if r.get("stream_version") == version), None)

    corrected_at = wait_for("the correction in progress's read model", correction)["recorded_at"]
    wait_for("reporting to catch up", lambda: all(
        p["lag"] == 0 for p in client.get(f"{url['reporting']}/projections").json()))
    known_then = _just_before(corrected_at)
    params = {"as_of": "2015-12-31"}
    then = client.get(f"{url['reporting']}/reports/consolidated", params={**params, "known_at": known_then}).json()
    now = client.get(f"{url['reporting']}/reports/consolidated", params=params).json()
    met = lambda r: next(c["communes_met"] for c in r["criteria_attainment"] if c["criterion"] == 1)  # noqa: E731
    print(f"\nĐính chính ghi nhận lúc {corrected_at} về xã {commune} (tiêu chí 1 không đạt từ 2015-09-30)."
          f"\n  Tiêu chí 1 tại 31/12/2015 theo dữ liệu biết đến {known_then}: {met(then)} xã đạt;"
          f" theo dữ liệu hiện nay: {met(now)} xã đạt.")


def _just_before(timestamp: str) -> str:
    moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00")) - timedelta(microseconds=1)
    return moment.isoformat()


def show(client: httpx.Client, url: dict[str, str], command: Any, wait_for: Any, recognised: int,
         by_district: dict[str, list[str]]) -> None:
    for service, path, key in (("awards", "/rankings/districts", "as_of"), ("reporting", "/reports/consolidated", "as_of")):
        wait_for(f"{service} to see every recognition", lambda: client.get(
            f"{url[service]}{path}", params={key: "2020-12-31"}).json()["province"]["recognised"] == recognised)
    print_ranking(client, url, "2015-12-31")
    print_ranking(client, url, "2020-12-31")
    report = client.get(f"{url['reporting']}/reports/consolidated.txt", params={"as_of": "2020-12-31"})
    print(f"\nBáo cáo tổng hợp (reporting, tại 2020-12-31):\n{report.text}")
    print_programme(client, url)
    district = next(iter(sorted(NEAR_PER_DISTRICT)))  # its first xã is near the standard in 2015
    correct_and_compare(client, url, command, wait_for, sorted(by_district[district])[0], district)


STATUS_VI = (("submitted", "đã nộp"), ("received", "đã tiếp nhận"), ("under_review", "đã xét"),
             ("approved", "đã duyệt"), ("rejected", "không duyệt"), ("withdrawn", "đã rút"),
             ("conferred", "đã trao"), ("flagged", "cần xem lại"))
GROUP_VI = {"round": "cả đợt", "nominee_district": "mỗi huyện", "nominee_cluster": "mỗi cụm",
            "nominating_unit": "mỗi đơn vị đề nghị"}


def _quota_vi(q: dict[str, Any]) -> str:
    parts = [f"≤ {q['maximum']}" if q.get("maximum") is not None else "",
             f"≤ {q['share_of_communes_pct']}% số xã" if q.get("share_of_communes_pct") else "",
             f"≥ {q['minimum']}" if q.get("minimum") is not None else ""]
    return f"{q['rule']} {GROUP_VI.get(q['group'], q['group'])} {' '.join(p for p in parts if p)}"


def print_round(board: dict[str, Any], refusal: dict[str, Any], documents: dict[str, Any], shown: int = 4) -> None:
    """The round's dashboard (per kind: counts by status against the quotas; what is missing),
    the refusal shown and where the documents were written."""
    print(f"\nĐợt khen thưởng {board['round']} (awards, tại {board['reference_date']}; bảng theo dõi):")
    for kind in board["kinds"]:
        counts = ", ".join(f"{label} {kind['counts'][s]}" for s, label in STATUS_VI if kind["counts"].get(s))
        quotas = "; ".join(_quota_vi(q) for q in kind.get("quotas", []))
        print(f"  {kind['name_vi']:<68} {counts or 'chưa có hồ sơ':<24} {quotas}")
    if refusal:
        print(f"  Từ chối ({refusal['rule']}): {refusal['message_vi']}")
    kind_names = {k["code"]: k["name_vi"] for k in board["kinds"]}
    short: dict[tuple, list[str]] = {}
    for q in board["quotas"]:  # what is missing: each minimum not reached, by quota
        if q["shortfall"]:
            short.setdefault((q["rule"], tuple(q["award_kinds"])), []).append(f"{q['name']} {q['used']}/{q['minimum']}")
    print(f"  Còn thiếu ({len(board['missing'])}):")
    for (rule, kinds), where in short.items():
        names = ", ".join(where[:shown]) + (f", … (+{len(where) - shown})" if len(where) > shown else "")
        print(f"    {rule} {', '.join(kind_names.get(k, k) for k in kinds)}: {names}")
    if documents:
        folder = next(iter(documents.values())).parent
        print(f"  Văn bản đã ghi vào {folder}/: {', '.join(sorted(documents))}")

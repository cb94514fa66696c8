"""issue 10, item 5: a statement a farmer can follow — every parcel held at any time in
the year with its days, the base as 亩 × 元/亩 = 元 per parcel, rates as percentages,
and a clear provisional mark for a year not closed or not yet distributed."""

from __future__ import annotations

from typing import Any

from tests.conftest import Coop


def test_a_parcel_transferred_away_still_shows_with_its_days_and_base(coop: Coop) -> None:
    coop.ok("member", "add", "A", "--name", "甲", "--joined-on", "2024-01-01")
    coop.ok("member", "add", "B", "--name", "乙", "--joined-on", "2024-01-01")
    coop.ok("land", "contribute", "A", "--parcel", "P1", "--area", "1.5", "--date", "2024-01-01")
    coop.ok("base", "pay", "--year", "2024", "--date", "2024-03-01")
    coop.ok("land", "transfer", "P1", "--to", "B", "--date", "2024-07-01", "--reason", "分户")
    st: Any = coop.ok("statement", "A", "--year", "2024", "--format", "json").json()
    assert st["area_mu"] == "0.0000"  # nothing held at the year end …
    assert st["parcels_in_year"] == [  # … but the parcel held until 1 July is shown
        {
            "parcel_no": "P1",
            "area_mu": "1.5000",
            "start": "2024-01-01",
            "end": "2024-07-01",
            "days": 182,
        }
    ]
    assert st["base_rows"][0]["area_mu"] == "1.5000" and st["base_rows"][0]["amount"] == ("1500.00")
    text = coop.ok("statement", "A", "--year", "2024").out
    assert "1.5000 亩 × 1,000.00 元/亩 = 1,500.00 元" in text
    assert "182" in text and "2024-07-01" in text
    b: Any = coop.ok("statement", "B", "--year", "2024", "--format", "json").json()
    assert b["parcels_in_year"][0]["days"] == 366 - 182 and b["base_rows"] == []


def test_provisional_until_closed_and_distributed_and_rates_as_percentages(coop: Coop) -> None:
    coop.ok("member", "add", "A", "--name", "甲", "--joined-on", "2024-01-01")
    coop.ok("land", "contribute", "A", "--parcel", "P1", "--area", "1", "--date", "2024-01-01")
    coop.ok(
        "voucher",
        "add",
        "--date",
        "2024-06-01",
        "--memo",
        "收入",
        "--dr",
        "102",
        "5000",
        "--cr",
        "501",
        "5000",
    )
    open_year = coop.ok("statement", "A", "--year", "2024")
    assert "未结账·暂估" in open_year.out and "暂估数" in open_year.out
    js: Any = coop.ok("statement", "A", "--year", "2024", "--format", "json").json()
    assert js["provisional"] is True
    coop.ok("year", "close", "2024")
    assert "暂估" in coop.ok("statement", "A", "--year", "2024").out  # closed, not distributed
    coop.ok("distribute", "post", "2024")
    final = coop.ok("statement", "A", "--year", "2024")
    assert "暂估" not in final.out
    assert "公积金提取比例 10%" in final.out and "按交易量返还比例 60%" in final.out
    assert "0.1000" not in final.out
    en = coop.ok("statement", "A", "--year", "2024", lang="en").out
    assert "PROVISIONAL" not in en

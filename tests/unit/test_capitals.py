"""大写: the examples of domain.md §8 and a property against an independent oracle."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop.render.capitals import capitals


@pytest.mark.parametrize(
    "fen,text",
    [
        (100000, "壹仟元整"),
        (100005, "壹仟元零伍分"),
        (168032, "壹仟陆佰捌拾元叁角贰分"),
        (1001000, "壹万零壹拾元整"),
        (10000800000, "壹亿零捌仟元整"),
        (10, "壹角整"),
        (10**14, "壹万亿元整"),
        (1000, "壹拾元整"),
        (0, "零元整"),
        (5, "伍分"),
        (-100000, "负壹仟元整"),
        (15, "壹角伍分"),
        (100010, "壹仟元壹角整"),
        (10000100, "壹拾万零壹元整"),
        (500850100000, "伍拾亿零捌佰伍拾万零壹仟元整"),
        (12345678901, "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元零壹分"),
    ],
)
def test_examples(fen: int, text: str) -> None:
    assert capitals(fen) == text


D = "零壹贰叁肆伍陆柒捌玖"


def oracle(fen: int) -> str:
    """The classic way, written apart: spell every digit with its unit, then collapse."""
    yuan, cents = divmod(fen, 100)
    units = ["", "拾", "佰", "仟", "万", "拾", "佰", "仟", "亿", "拾", "佰", "仟", "万"]
    s = "".join(D[int(c)] + units[len(str(yuan)) - 1 - i] for i, c in enumerate(str(yuan)))
    s = re.sub("零[拾佰仟]", "零", s)
    previous = None
    while s != previous:  # a zero before a group unit moves after it; empty groups vanish
        previous = s
        s = re.sub("零+", "零", s).replace("零万", "万零").replace("零亿", "亿零")
        s = s.replace("亿万", "亿")
    s = s.rstrip("零")
    jiao, f = divmod(cents, 10)
    if yuan == 0:
        tail = (D[jiao] + "角" if jiao else "") + (D[f] + "分" if f else "")
        return tail + ("" if f else "整") if cents else "零元整"
    s += "元"
    if not cents:
        return s + "整"
    return s + (D[jiao] + "角" if jiao else "零") + (D[f] + "分" if f else "整")


@given(st.integers(min_value=1, max_value=10**14))
def test_against_oracle(fen: int) -> None:
    assert capitals(fen) == oracle(fen)


@given(st.integers(min_value=1, max_value=10**14))
def test_shape(fen: int) -> None:
    text = capitals(fen)
    assert not text.endswith("分整") and "零零" not in text
    assert text.endswith(("整", "分"))

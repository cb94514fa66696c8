"""Amounts in Chinese capitals (大写金额) per 会计基础工作规范 and domain.md §8.

Digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 within a group of four, 万 / 亿 / 万亿
for the groups; 元角分; 整 after 元 or 角 when nothing follows (never after 分);
one 零 for each run of zeros strictly between non-zero digits of the yuan part
(across groups), none for trailing zeros; 零 for a zero 角 when 分 ≠ 0 and the
yuan part ≠ 0; below one yuan start at the first non-zero digit; 负 for a negative.
"""

from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")


def yuan_in_capitals(yuan: int) -> str:
    """The yuan part (> 0) without 元."""
    text = str(yuan)
    if len(text) > 16:
        raise ValueError("amounts of 10^16 yuan or more have no capitals here")
    out: list[str] = []
    pending_zero = False
    group_has_digit = False
    for i, ch in enumerate(text):
        p = len(text) - 1 - i
        d = int(ch)
        if d:
            if pending_zero:
                out.append("零")
                pending_zero = False
            out.append(DIGITS[d] + UNITS[p % 4])
            group_has_digit = True
        elif out:
            pending_zero = True
        if p % 4 == 0:
            if group_has_digit and p:
                out.append(GROUPS[p // 4])
            group_has_digit = False
    return "".join(out)


def capitals(fen: int) -> str:
    """``100005`` → ``壹仟元零伍分``; ``0`` → ``零元整``."""
    if fen < 0:
        return "负" + capitals(-fen)
    yuan, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    if yuan == 0:
        if cents == 0:
            return "零元整"
        out = ""
        if jiao:
            out += DIGITS[jiao] + "角"
        if fen_digit:
            return out + DIGITS[fen_digit] + "分"
        return out + "整"
    out = yuan_in_capitals(yuan) + "元"
    if cents == 0:
        return out + "整"
    if jiao == 0:
        return out + "零" + DIGITS[fen_digit] + "分"
    out += DIGITS[jiao] + "角"
    return out + (DIGITS[fen_digit] + "分" if fen_digit else "整")

"""Arabic and Chinese numerals → numbers.

Covers what report prose writes: `1,234`, `１２`, `98.4万`, `3亿`, `三十六`, `两`, `十`, `一百零五`, `二〇一一`,
traditional `萬`/`億`/`兩` and the financial forms (`壹`, `拾` …). Pure functions, no regex state per call.
"""
from __future__ import annotations

import re
from decimal import Decimal

# Digits, including the forms used in financial writing and in traditional text.
CHINESE_DIGITS = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

# A multiplier written after an Arabic number (`98.4万`, `3千万`, `1.2亿`).
MULTIPLIERS = {
    "万亿": 10**12, "萬億": 10**12,
    "千万": 10**7, "千萬": 10**7,
    "百万": 10**6, "百萬": 10**6,
    "亿": 10**8, "億": 10**8,
    "万": 10**4, "萬": 10**4,
}

# An Arabic number after its first digit (1,234.5 → ,234.5), so a scanner can start with a character set.
ARABIC_REST_PATTERN = r"(?:[0-9]{0,2}(?:,[0-9]{3})+(?![0-9])|[0-9]*)(?:\.[0-9]+)?"
ARABIC_PATTERN = "[0-9]" + ARABIC_REST_PATTERN
MULTIPLIER_PATTERN = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))

_FULLWIDTH_DIGITS = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)} | {0xFF0C: ord(","), 0xFF0E: ord(".")}
_ARABIC_RE = re.compile(ARABIC_PATTERN)
_MIXED_RE = re.compile(f"({ARABIC_PATTERN})({MULTIPLIER_PATTERN})?")


def parse_arabic(token: str) -> float | None:
    """`1,234.5` / `１２` → float, correctly rounded, or None when the token is not a number."""
    plain = token.translate(_FULLWIDTH_DIGITS).strip()
    if not _ARABIC_RE.fullmatch(plain):
        return None
    return float(plain.replace(",", ""))  # float() of a decimal string rounds exactly as float(Decimal(...)) does


def is_positional_chinese(token: str) -> bool:
    """True when the numeral uses place units (十百千万亿), i.e. it is read as a quantity, not digit by digit."""
    return any(ch in SMALL_UNITS or ch in BIG_UNITS for ch in token)


def parse_chinese(token: str) -> int | None:
    """`三十六` → 36, `两` → 2, `十` → 10, `一百零五` → 105, `二〇一一` → 2011; None when malformed (`十二五`)."""
    if not token or any(ch not in CHINESE_DIGITS and ch not in SMALL_UNITS and ch not in BIG_UNITS for ch in token):
        return None
    if not is_positional_chinese(token):
        if len(token) == 1:
            return CHINESE_DIGITS[token]
        # Digit-by-digit reading (years: 二〇一一); `两` is never used as a digit there.
        if any(ch in "两兩" for ch in token):
            return None
        return int("".join(str(CHINESE_DIGITS[ch]) for ch in token))
    return _parse_positional(token)


def _parse_positional(token: str) -> int | None:
    total = 0  # completed 亿/万 sections
    section = 0  # value below the last big unit
    digit: int | None = None  # a digit waiting for its place unit
    last_small = 10_000  # place units descend inside a section
    last_big = 10**13
    last_unit = 1  # the place of the last unit read, for an elided one (一万五 = 15000)
    after_zero = False
    for ch in token:
        if ch in CHINESE_DIGITS:
            if digit is not None:
                return None  # two digits in a row: 十二五, 七五
            if CHINESE_DIGITS[ch] == 0:
                after_zero = True
                continue
            digit = CHINESE_DIGITS[ch]
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last_small:
                return None
            if digit is None:
                if unit != 10:
                    return None  # 百姓, 千方百计: only 十 stands without a digit
                digit = 1
            section += digit * unit
            digit, last_small, last_unit, after_zero = None, unit, unit, False
        else:
            unit = BIG_UNITS[ch]
            if digit is not None:
                section += digit
                digit = None
            if section == 0 or unit >= last_big:
                return None
            total += section * unit
            section, last_small, last_big, last_unit, after_zero = 0, 10_000, unit, unit, False
    if digit is not None:
        # a last digit right after a unit takes the next place down (一千五 = 1500); after 零 it is units (一百零五)
        section += digit if after_zero or last_unit == 1 else digit * last_unit // 10
    return total + section


def parse_number(token: str) -> float | None:
    """Any numeral a report writes, fully expanded: `98.4万` → 984000, `3亿` → 3e8, `三十六` → 36, `1,234` → 1234."""
    plain = token.translate(_FULLWIDTH_DIGITS).strip()
    if not plain:
        return None
    match = _MIXED_RE.fullmatch(plain)
    if match:
        base = Decimal(match.group(1).replace(",", ""))
        factor = MULTIPLIERS.get(match.group(2) or "", 1)
        return float(base * factor)
    value = parse_chinese(plain)
    return None if value is None else float(value)

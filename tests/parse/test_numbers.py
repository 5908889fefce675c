import pytest

from fazhi.parse.numbers import is_positional_chinese, parse_arabic, parse_chinese, parse_number


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("36", 36),
        ("0.5", 0.5),
        ("99.99", 99.99),
        ("1,234", 1234),
        ("234,837", 234837),
        ("１２", 12),  # full-width digits
        ("１，２３４", 1234),
        ("1.2万", 12_000),
        ("98.4万", 984_000),
        ("6205.4万", 62_054_000),
        ("600万", 6_000_000),
        ("3亿", 300_000_000),
        ("1.28亿", 128_000_000),
        ("2千万", 20_000_000),
        ("3萬", 30_000),  # traditional
        ("三十六", 36),
        ("两", 2),
        ("兩", 2),
        ("十", 10),
        ("十五", 15),
        ("二十八", 28),
        ("一百零五", 105),
        ("一百一十", 110),
        ("两千三百", 2300),
        ("十万", 100_000),
        ("三亿五千万", 350_000_000),
        ("一千五", 1500),  # an elided place unit: the last digit takes the next place down
        ("两万三", 23_000),
        ("一万零五百", 10_500),
        ("二〇一一", 2011),  # digit by digit, as years are written
        ("叁拾", 30),  # financial forms
        ("五十万", 500_000),  # amounts figures.py reads from Chinese numerals (投入资金五十万元)
        ("两万", 20_000),
    ],
)
def test_parse_number_expands_fully(token, expected):
    assert parse_number(token) == expected


def test_decimal_times_multiplier_is_exact():
    # binary floating point would give 984000.0000000001
    assert parse_number("98.4万") == 984000.0
    assert parse_number("14.58") == 14.58


@pytest.mark.parametrize(
    "token",
    [
        "",
        "十二五",  # two digits in a row: a plan-period name, not a number
        "百",  # 百姓
        "万",  # 万一, 数万
        "千方",
        "1.2.3",
        "abc",
        "两五",
        "数",
    ],
)
def test_malformed_numerals_are_none(token):
    assert parse_number(token) is None


@pytest.mark.parametrize(
    ("token", "expected"),
    [("七五", 75), ("三零", 30), ("一", 1), ("零", 0), ("十二五", None), ("十四五", None), ("百余", None)],
)
def test_parse_chinese(token, expected):
    assert parse_chinese(token) == expected


@pytest.mark.parametrize(("token", "expected"), [("三十六", True), ("十", True), ("二〇一一", False), ("七五", False)])
def test_positional_chinese_tells_quantities_from_digit_strings(token, expected):
    assert is_positional_chinese(token) is expected


@pytest.mark.parametrize(("token", "expected"), [("1,234.5", 1234.5), ("007", 7.0), ("12a", None), ("1,23", None)])
def test_parse_arabic(token, expected):
    assert parse_arabic(token) == expected


def test_arabic_values_round_as_decimal_arithmetic():
    """parse_arabic reads with float(); its values are those of exact decimal arithmetic, rounded once."""
    import random
    from decimal import Decimal

    rng = random.Random(7)
    for _ in range(20_000):
        token = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 22)))
        if rng.random() < 0.6:
            token += "." + "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 18)))
        assert parse_arabic(token) == float(Decimal(token)), token
    assert parse_arabic("1,234,567.891") == float(Decimal("1234567.891"))

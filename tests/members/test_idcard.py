import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.masks import mask_id, mask_mobile
from gonghui.members.idcard import (
    IdNumberError,
    id_check_char,
    normalize_number,
    parse_id_number,
)
from gonghui.members.pinyin import name_pinyin


def test_the_standards_own_example_checks():
    # GB 11643-1999 appendix example.
    facts = parse_id_number("11010519491231002X")
    assert facts.birth_date == datetime.date(1949, 12, 31)
    assert facts.sex == "F"


@pytest.mark.parametrize(
    "number, message",
    [
        ("110105194912310021", "校验位不符"),
        ("11010519491231002", "应为 18 位"),
        ("11010519491331002X", "不是有效日期"),
        ("1101051949123100AX", "前 17 位应为数字"),
    ],
)
def test_wrong_numbers_are_refused_with_the_reason(number, message):
    with pytest.raises(IdNumberError, match=message):
        parse_id_number(number)


def test_numbers_typed_on_a_chinese_keyboard_are_normalised():
    assert normalize_number("１１０１０５　１９４９１２３１００２ｘ") == "11010519491231002X"
    assert normalize_number(" 138-1234 5678 ") == "13812345678"


@given(
    st.dates(datetime.date(1930, 1, 1), datetime.date(2008, 12, 31)),
    st.integers(0, 999),
)
def test_any_valid_number_carries_its_birth_date_and_sex(birth, order):
    first17 = f"320102{birth:%Y%m%d}{order:03d}"
    facts = parse_id_number(first17 + id_check_char(first17))
    assert facts.birth_date == birth
    assert facts.sex == ("M" if order % 2 else "F")


@given(st.integers(0, 16), st.integers(1, 9))
def test_one_mistyped_digit_is_always_caught(position, delta):
    number = "11010519491231002X"
    digits = list(number)
    digits[position] = str((int(digits[position]) + delta) % 10)
    with pytest.raises(IdNumberError):
        parse_id_number("".join(digits))


def test_masks_keep_region_and_check_character_only():
    # The birth date and the sequence code go (core.masks): with them the number rebuilds.
    assert mask_id("11010519491231002X") == "110105***********X"
    assert mask_id("110105491231002") == "110105*********"  # 15 digits end in the sequence
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_id("") == mask_mobile("") == ""
    assert "1234567" not in mask_id("E12345678")


@pytest.mark.parametrize(
    "name, full, initials",
    [
        ("张伟", "zhangwei", "zw"),
        ("单雄信", "shanxiongxin", "sxx"),  # surname reading, not 单 dān
        ("曾小贤", "zengxiaoxian", "zxx"),
        ("阿依古丽·买买提", "ayigulimaimaiti", "ayglmmt"),
        ("Tom 李", "tomli", "tl"),
    ],
)
def test_names_to_pinyin(name, full, initials):
    assert name_pinyin(name) == (full, initials)


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("张  伟", "张伟"),
        (" Anna  Müller ", "Anna Müller"),
        ("阿依古丽 · 买买提", "阿依古丽·买买提"),
    ],
)
def test_names_lose_alignment_spaces_but_latin_names_keep_theirs(raw, clean):
    from gonghui.members.validation import clean_name

    assert clean_name(raw) == clean

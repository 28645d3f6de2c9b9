"""统一社会信用代码 (GB 32100-2015): what a clerk typing a code off a licence runs into."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gonghui.orgs.validators import USCC_CHARSET, normalize_uscc, uscc_check_char, validate_uscc

# 深圳市腾讯计算机系统有限公司, as printed on its business licence.
TENCENT = "9144030071526726XG"


def refusal(code: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validate_uscc(code)
    return info.value


def text(error: ValidationError) -> str:
    return "；".join(error.messages)


def test_a_real_credit_code_passes():
    validate_uscc(TENCENT)
    assert uscc_check_char(TENCENT[:17]) == "G"


def test_a_wrong_check_character_names_the_one_expected():
    error = refusal(TENCENT[:17] + "H")
    assert error.code == "uscc_check"
    assert "第 18 位应为“G”，实为“H”" in text(error)
    assert "请检查是否抄错" in text(error)


def test_a_typo_in_the_body_is_caught_by_the_check_character():
    typo = TENCENT[:5] + "1" + TENCENT[6:]  # 0 -> 1 in the area code
    assert typo != TENCENT
    error = refusal(typo)
    assert error.code == "uscc_check"
    assert f"应为“{uscc_check_char(typo[:17])}”" in text(error)


@pytest.mark.parametrize(
    ("code", "length"),
    [(TENCENT[:17], 17), (TENCENT + "1", 19), ("91440300", 8), ("", 0)],
)
def test_a_code_of_the_wrong_length_says_how_long_it_is(code, length):
    error = refusal(code)
    assert error.code == "uscc_length"
    assert "应为 18 位" in text(error)
    assert f"当前为 {length} 位" in text(error)
    assert "营业执照" in text(error)


@pytest.mark.parametrize("letter", list("IOSVZ"))
def test_letters_gb32100_does_not_use_are_named(letter):
    code = TENCENT[:9] + letter + TENCENT[10:]
    error = refusal(code)
    assert error.code == "uscc_charset"
    assert f"不允许的字符“{letter}”" in text(error)
    assert "I、O、S、V、Z" in text(error)


def test_lower_case_o_is_still_the_forbidden_letter_o():
    error = refusal(TENCENT[:9] + "o" + TENCENT[10:])
    assert "不允许的字符“O”" in text(error)


def test_punctuation_inside_the_code_is_refused():
    assert refusal(TENCENT[:8] + "-" + TENCENT[8:]).code == "uscc_length"  # 19 with the dash
    error = refusal(TENCENT[:8] + "-" + TENCENT[9:])
    assert error.code == "uscc_charset"
    assert "不允许的字符“-”" in text(error)


def test_spaces_and_lower_case_pasted_from_a_document_are_normalised():
    pasted = " 9144\u30000300 7152\u30006726xg\u3000"
    assert normalize_uscc(pasted) == TENCENT
    validate_uscc(pasted)


def test_normalising_a_wrong_code_does_not_make_it_right():
    error = refusal("9144 0300 7152 6726xh")
    assert "第 18 位应为“G”，实为“H”" in text(error)


first17 = st.text(alphabet=USCC_CHARSET, min_size=17, max_size=17)


@given(first17)
def test_any_body_with_its_check_character_passes(body):
    check = uscc_check_char(body)
    assert check in USCC_CHARSET
    validate_uscc(body + check)
    validate_uscc((body + check).lower())


@given(first17, st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=30))
def test_changing_any_one_character_is_caught(body, position, shift):
    code = body + uscc_check_char(body)
    # Another character of the set: 31 is prime and no weight is a multiple of it, so a
    # single substitution always changes the check character.
    other = USCC_CHARSET[(USCC_CHARSET.index(code[position]) + shift) % len(USCC_CHARSET)]
    changed = code[:position] + other + code[position + 1 :]
    assert changed != code
    error = refusal(changed)
    assert error.code == "uscc_check"

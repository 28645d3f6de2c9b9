"""Checks for codes printed on union and employer documents."""

from django.core.exceptions import ValidationError

# GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》: 18 characters from this
# 31-character set (no I, O, S, V, Z); the 18th is a check character over the first 17.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def normalize_uscc(value: str) -> str:
    """Upper-case and drop spaces, including the full-width and no-break spaces that come
    with text pasted from Word or a PDF."""
    return "".join(value.split()).upper()


def validate_uscc(value: str) -> None:
    code = normalize_uscc(value)
    if len(code) != 18:
        raise ValidationError(
            "统一社会信用代码应为 18 位，当前为 %(n)s 位，请对照营业执照或登记证书核对。",
            params={"n": len(code)},
            code="uscc_length",
        )
    bad = [c for c in code if c not in USCC_CHARSET]
    if bad:
        raise ValidationError(
            "统一社会信用代码含有不允许的字符“%(c)s”（代码中不使用 I、O、S、V、Z）。",
            params={"c": bad[0]},
            code="uscc_charset",
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            "统一社会信用代码校验位不符（第 18 位应为“%(e)s”，实为“%(a)s”），请检查是否抄错。",
            params={"e": expected, "a": code[17]},
            code="uscc_check",
        )

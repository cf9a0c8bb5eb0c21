"""Validators for Chinese identifiers: 身份证号 (GB 11643) and 统一社会信用代码 (GB 32100)."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from stdnum.cn import uscc

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def resident_id_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def normalize_resident_id(value: str) -> str:
    return (value or "").strip().upper()


def validate_resident_id(value: str) -> None:
    """18 characters, a real birth date, and the GB 11643 check digit."""

    value = normalize_resident_id(value)
    if len(value) != 18:
        raise ValidationError("身份证号应为18位，当前为%(n)d位。", code="length", params={"n": len(value)})
    if not _ID_RE.match(value):
        raise ValidationError("身份证号前17位应为数字，最后一位为数字或X。", code="format")
    try:
        birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError("身份证号中的出生日期无效。", code="birth_date") from None
    if birth > datetime.date.today() or birth.year < 1900:
        raise ValidationError("身份证号中的出生日期无效。", code="birth_date")
    if resident_id_check_digit(value[:17]) != value[17]:
        raise ValidationError("身份证号校验位错误，请核对后重新输入。", code="check_digit")


def mask_resident_id(value: str) -> str:
    """Show the region's first four and the last four characters: 1405**********123X."""

    if not value:
        return ""
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def normalize_uscc(value: str) -> str:
    return (value or "").strip().upper()


def validate_uscc(value: str) -> None:
    """18 characters from the GB 32100 alphabet with its check character."""

    value = normalize_uscc(value)
    if len(value) != 18:
        raise ValidationError("统一社会信用代码应为18位，当前为%(n)d位。", code="length", params={"n": len(value)})
    if not uscc.is_valid(value):
        raise ValidationError("统一社会信用代码校验位错误或含有无效字符。", code="invalid")


def uscc_with_check(first17: str) -> str:
    """Complete 17 characters into a valid code (used by the demo data and tests)."""

    return first17 + uscc.calc_check_digit(first17)


# A landline with its area code (0356-5221234, 0356-5221234-801, (0356)5221234,
# 010-12345678) or a mobile number (13812345678). Spaces are tolerated when typed.
_LANDLINE_RE = re.compile(r"^(?:0\d{2,3}-|[(（]0\d{2,3}[)）])\d{7,8}(?:-\d{1,6})?$")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_phone(value: str) -> str:
    return re.sub(r"\s+", "", value or "")


def is_valid_phone(value: str) -> bool:
    value = normalize_phone(value)
    return bool(_LANDLINE_RE.match(value) or _MOBILE_RE.match(value))


class PhoneValidator:
    """A landline with area code or an 11-digit mobile; the message names the field."""

    def __init__(self, label: str = "联系电话") -> None:
        self.label = label

    def __call__(self, value: str) -> None:
        if value and not is_valid_phone(value):
            raise ValidationError(
                "%(label)s应为带区号的固定电话（如 0356-5221234、0356-5221234-801）或11位手机号（如 13812345678）。",
                code="phone",
                params={"label": self.label},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PhoneValidator) and other.label == self.label

    def deconstruct(self) -> tuple[str, tuple, dict]:
        return ("apps.core.validators.PhoneValidator", (), {"label": self.label})


validate_phone = PhoneValidator()

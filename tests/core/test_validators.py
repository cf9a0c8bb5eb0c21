import pytest
from django.core.exceptions import ValidationError

from apps.core.pinyin import search_key
from apps.core.templatetags.portal import cn_date, doc_number
from apps.core.validators import mask_resident_id, validate_resident_id, validate_uscc

VALID_ID = "11010519491231002X"  # the standard's own example
VALID_USCC = "91350100M000100Y43"


def test_valid_resident_id_passes():
    validate_resident_id(VALID_ID)
    validate_resident_id(VALID_ID.lower())  # a lower-case x is accepted and normalised


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11010519491231002", "身份证号应为18位，当前为17位。"),
        ("1101051949123100200", "身份证号应为18位，当前为19位。"),
        ("110105194912310021", "身份证号校验位错误，请核对后重新输入。"),
        ("11010519491231A02X", "身份证号前17位应为数字，最后一位为数字或X。"),
        ("110105194913310020", "身份证号中的出生日期无效。"),
    ],
)
def test_invalid_resident_id_is_named(value, message):
    with pytest.raises(ValidationError) as error:
        validate_resident_id(value)
    assert error.value.messages == [message]


def test_resident_id_is_masked_to_region_and_last_four():
    assert mask_resident_id("14058119850312123X") == "1405**********123X"


def test_valid_credit_code_passes():
    validate_uscc(VALID_USCC)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("91350100M000100Y4", "统一社会信用代码应为18位，当前为17位。"),
        ("91350100M000100Y44", "统一社会信用代码校验位错误或含有无效字符。"),
        ("91350100M000I00Y43", "统一社会信用代码校验位错误或含有无效字符。"),
    ],
)
def test_invalid_credit_code_is_named(value, message):
    with pytest.raises(ValidationError) as error:
        validate_uscc(value)
    assert error.value.messages == [message]


def test_pinyin_initials_and_surname_readings():
    assert "gpez" in search_key("高平二中")
    assert search_key("曾晓燕", is_person=True).split()[1:] == ["zengxiaoyan", "zxy"]
    assert search_key("单丽华", is_person=True).split()[2] == "slh"


def test_chinese_dates_and_document_numbers():
    import datetime

    assert cn_date(datetime.date(2024, 3, 5)) == "2024年3月5日"
    assert doc_number("高市竞争联办发[2024]2号") == "高市竞争联办发〔2024〕2号"
    assert doc_number("高教发（2024）35号") == "高教发〔2024〕35号"


@pytest.mark.parametrize(
    "value",
    ["0356-5221234", "0356-5221234-801", "(0356)5221234", "（0356）5221234", "010-12345678", "13812345678", "19912345678"],
)
def test_phone_validator_accepts_landlines_with_area_code_and_mobiles(value):
    from apps.core.validators import validate_phone

    validate_phone(value)


@pytest.mark.parametrize("value", ["abc电话", "5221234", "12812345678", "1381234567", "0356-52212", "0356—5221234", "+86 138"])
def test_phone_validator_names_the_field(value):
    from apps.core.validators import PhoneValidator, validate_phone

    with pytest.raises(ValidationError) as caught:
        validate_phone(value)
    assert caught.value.messages == [
        "联系电话应为带区号的固定电话（如 0356-5221234、0356-5221234-801）或11位手机号（如 13812345678）。"
    ]
    with pytest.raises(ValidationError) as caught:
        PhoneValidator("紧急联系电话")(value)
    assert caught.value.messages[0].startswith("紧急联系电话应为")


def test_chinese_numerals_sort_by_value():
    from apps.core.pinyin import chinese_numeral_value, sort_key

    assert [chinese_numeral_value(t) for t in ["一", "十", "十一", "二十", "二十三", "一百零五", "二〇二四", "12"]] == [
        1, 10, 11, 20, 23, 105, 2024, 12,
    ]  # fmt: skip
    names = ["高平七中", "高平一中", "高平三中", "高平二中", "高平十中", "高平十一中", "第十小学", "第二小学", "第一小学"]
    assert sorted(names, key=sort_key) == [
        "第一小学", "第二小学", "第十小学", "高平一中", "高平二中", "高平三中", "高平七中", "高平十中", "高平十一中",
    ]  # fmt: skip
    assert sort_key("千佛寺小学").startswith("qian fo si")  # a name, not a thousand
    assert sort_key("王一博", is_person=True).startswith("wang yi bo")  # a person's name is read as a name

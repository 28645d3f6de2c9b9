"""The closed lists of the 会员档案, shared by the model, the forms, the import and the
Excel template's drop-down lists."""

from django.db import models


class IdType(models.TextChoices):
    RESIDENT = "resident", "居民身份证"
    RESIDENCE_PERMIT = "permit", "港澳台居民居住证"
    HK_MO_PASS = "hkmo", "港澳居民来往内地通行证"
    TW_PASS = "tw", "台湾居民来往大陆通行证"
    PASSPORT = "passport", "护照"
    FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"
    OTHER = "other", "其他证件"


# Both carry the GB 11643 layout: birth date, sex and check digit.
GB11643_TYPES = frozenset({IdType.RESIDENT, IdType.RESIDENCE_PERMIT})


class Education(models.TextChoices):
    DOCTOR = "doctor", "博士研究生"
    MASTER = "master", "硕士研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    SECONDARY = "secondary", "中专/中技"
    HIGH = "high", "高中"
    JUNIOR = "junior", "初中及以下"


class Political(models.TextChoices):
    CPC = "cpc", "中共党员"
    CPC_PROBATION = "cpc_probation", "中共预备党员"
    LEAGUE = "league", "共青团员"
    DEMOCRATIC = "democratic", "民主党派"
    NONPARTISAN = "nonpartisan", "无党派人士"
    MASSES = "masses", "群众"


class Employment(models.TextChoices):
    ESTABLISHED = "established", "在编"
    CONTRACT = "contract", "合同制"
    DISPATCHED = "dispatched", "劳务派遣"
    MIGRANT = "migrant", "农民工"
    REHIRED = "rehired", "退休返聘"
    PART_TIME = "part_time", "非全日制"
    OTHER = "other", "其他"


# 中国56个民族 (国家标准 GB/T 3304), in the standard's order.
ETHNICITIES = (
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    # not ethnic groups: the standard's codes 97 and 98
    "其他",
    "外国血统中国籍人士",
)
ETHNICITY_CHOICES = [(e, e) for e in ETHNICITIES]


def normalize_ethnicity(value: str) -> str:
    """ "汉" → "汉族"; anything already in the list stays; "" stays empty."""
    value = "".join(value.split())
    if not value or value in ETHNICITIES:
        return value
    if value + "族" in ETHNICITIES:
        return value + "族"
    return value

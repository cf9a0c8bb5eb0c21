from django.db import models


class PledgeStatus(models.IntegerChoices):
    """Where one school's pledge stands. Stored as a number in the order the campaign
    page lists them: the unsigned (returned, then pending) before the signed."""

    RETURNED = 0, "退回"
    PENDING = 1, "待签订"
    SIGNED = 2, "已签订"


class Audience(models.TextChoices):
    ALL = "all", "全部在办学校"
    KINDS = "kinds", "按学校类型"
    PICKED = "picked", "指定学校"

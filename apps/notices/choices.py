from django.db import models


class NoticeKind(models.TextChoices):
    """What a notice does with its documents: the report says 印发 / 转发 with these."""

    ISSUE = "issue", "印发"
    FORWARD = "forward", "转发"
    NOTICE = "notice", "通知"


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SENT = "sent", "已下发"


class Progress(models.IntegerChoices):
    """Where one school stands with one notice; the order is the receipt table's
    (laggards first), so it is stored as a number."""

    UNREAD = 0, "未读"
    READ = 1, "已读未签收"
    ACKNOWLEDGED = 2, "已签收"
    REPLIED = 3, "已反馈"
    ACCEPTED = 4, "反馈已采纳"


class EventKind(models.TextChoices):
    SENT = "sent", "下发"
    SCHOOLS_ADDED = "schools_added", "追加下发学校"
    REMINDED = "reminded", "催办"
    REOPENED = "reopened", "重新开放反馈"
    ACCEPTED = "accepted", "采纳反馈"


class Audience(models.TextChoices):
    ALL = "all", "全部学校"
    KINDS = "kinds", "按学校类型"
    PICKED = "picked", "指定学校"

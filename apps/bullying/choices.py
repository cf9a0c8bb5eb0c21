from django.db import models


class AnswerType(models.TextChoices):
    """What an item of a checklist expects as its answer."""

    COMPLIANCE = "compliance", "符合/不符合/不适用"
    NUMBER = "number", "数字"
    TEXT = "text", "文字"


class Compliance(models.TextChoices):
    YES = "符合", "符合"
    NO = "不符合", "不符合"
    NA = "不适用", "不适用"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class Progress(models.IntegerChoices):
    """Where one school stands in a round; stored as a number so the round page lists the
    laggards first on one index (round, progress, id)."""

    NOT_STARTED = 0, "未开始"
    DRAFT = 1, "草稿"
    RECTIFY = 2, "需整改"
    SUBMITTED = 3, "已提交"
    PASSED = 4, "已通过"


# The school still has to act: past the deadline these are overdue.
SCHOOLS_TURN = (Progress.NOT_STARTED, Progress.DRAFT, Progress.RECTIFY)


class LogKind(models.TextChoices):
    SUBMITTED = "submitted", "提交自查"
    RETURNED = "returned", "要求整改"
    RESUBMITTED = "resubmitted", "整改后重新提交"
    PASSED = "passed", "审核通过"


class Conclusion(models.TextChoices):
    PASS = "pass", "合格"
    RECTIFY = "rectify", "限期整改"


class IncidentStatus(models.TextChoices):
    HANDLING = "handling", "处理中"
    FOLLOW_UP = "follow_up", "跟踪回访"
    CLOSED = "closed", "已结案"

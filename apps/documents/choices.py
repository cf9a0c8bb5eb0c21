from django.db import models


class LawLevel(models.TextChoices):
    CONSTITUTION = "constitution", "宪法"
    LAW = "law", "法律"
    ADMINISTRATIVE_REGULATION = "admin_regulation", "行政法规"
    LOCAL_REGULATION = "local_regulation", "地方性法规"
    RULE = "rule", "规章"
    PARTY_REGULATION = "party_regulation", "党内法规"
    NORMATIVE_DOCUMENT = "normative", "规范性文件"
    OTHER = "other", "其他"


class LawStatus(models.TextChoices):
    IN_FORCE = "in_force", "现行有效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"
    NOT_YET = "not_yet", "尚未施行"


class DocumentKind(models.TextChoices):
    WORK_POINTS = "work_points", "工作要点"
    PLAN = "plan", "方案"
    LIST = "list", "清单"
    MEASURES = "measures", "办法"
    NOTICE = "notice", "通知"
    NORMATIVE = "normative", "规范性文件"
    OTHER = "other", "其他"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "拟制中"
    VALID = "valid", "有效"
    REVISED = "revised", "已修订"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "已失效"


class ReviewKind(models.TextChoices):
    LEGALITY = "legality", "合法性审核"
    FAIR_COMPETITION = "fair_competition", "公平竞争审查"


class ReviewConclusion(models.TextChoices):
    PASSED = "passed", "通过"
    PASSED_REVISED = "passed_revised", "修改后通过"
    FAILED = "failed", "不予通过"


# A review with one of these lets a document be issued.
PASSING_CONCLUSIONS = (ReviewConclusion.PASSED, ReviewConclusion.PASSED_REVISED)


class CleanupStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "清理中"
    PUBLISHED = "published", "已公布结果"


class CleanupDecisionKind(models.TextChoices):
    """What a clean-up decides for a document, in the order the results are published."""

    CONTINUE = "continue", "继续有效"
    REVISE = "revise", "修改"
    REPEAL = "repeal", "废止"
    INVALIDATE = "invalidate", "宣布失效"

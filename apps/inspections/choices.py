from django.db import models


class Method(models.TextChoices):
    ON_SITE = "on_site", "现场检查"
    DOCUMENTS = "documents", "书面检查"
    ONLINE = "online", "网络监测"
    SAMPLING = "sampling", "抽样检测"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "已批准"


class DrawStatus(models.TextChoices):
    COMMITTED = "committed", "已公布承诺值，待抽取"
    REVEALED = "revealed", "已抽取"
    VOID = "void", "已作废"


class ConflictKind(models.TextChoices):
    FORMER_EMPLOYEE = "former", "曾任职"
    RELATIVE = "relative", "亲属在该校"
    OTHER = "other", "其他"


class Result(models.TextChoices):
    NO_PROBLEM = "no_problem", "未发现问题"
    RECTIFY = "rectify", "发现问题责令整改"
    TRANSFERRED = "transferred", "移交处理"
    OTHER = "other", "其他"


class InspectionStatus(models.TextChoices):
    ASSIGNED = "assigned", "待检查"
    RECORDED = "recorded", "已录入结果"
    PUBLISHED = "published", "已公示"


class Deadline(models.TextChoices):
    """Where a result stands with its 20-working-day publication deadline."""

    DUE = "due", "未到期"
    DUE_SOON = "due_soon", "5个工作日内到期"
    OVERDUE = "overdue", "已逾期未公示"
    ON_TIME = "on_time", "按期公示"
    LATE = "late", "逾期公示"
    NOT_STARTED = "not_started", "尚未检查"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"

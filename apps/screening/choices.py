from django.db import models


class Selection(models.TextChoices):
    """Who a new query batch takes from its schools."""

    UNCHECKED = "unchecked", "今年尚未查询的在岗人员"
    HIRED_SINCE = "hired_since", "学校上次查询后新入职的人员"
    PICKED = "picked", "指定人员"


class BatchStatus(models.TextChoices):
    DRAFT = "draft", "待导出"
    EXPORTED = "exported", "已导出，待回填结果"
    COMPLETED = "completed", "已完成"


class CheckStatus(models.TextChoices):
    """What a school may see of a check: whether it was done, never its outcome."""

    PENDING = "pending", "待回填"
    CHECKED = "checked", "已查询"
    FAILED = "failed", "查询失败"


class Outcome(models.TextChoices):
    """The platform's answer, as the results sheet writes it. Stored encrypted."""

    CLEAR = "clear", "无记录"
    RECORD = "record", "有记录"
    FAILED = "failed", "查询失败"


class CaseAction(models.TextChoices):
    NOT_HIRED = "not_hired", "不予录用"
    STOPPED = "stopped", "立即停止工作"
    DISMISSED = "dismissed", "解除聘用"
    OTHER = "other", "其他"


class CaseStatus(models.TextChoices):
    OPEN = "open", "处置中"
    CLOSED = "closed", "已结案"


class EntryKind(models.TextChoices):
    COMMENDATION = "commendation", "表彰"
    VIOLATION = "violation", "违规"
    SANCTION = "sanction", "处理"


class ExportKind(models.TextChoices):
    BATCH = "batch", "查询名单（含完整身份证号）"
    RESULTS = "results", "查询结果"
    CASES = "cases", "受限处置"

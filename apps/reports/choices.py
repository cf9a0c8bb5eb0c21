from django.db import models


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEW = "review", "待审核"
    PUBLISHED = "published", "已发布"


class OutlineKind(models.TextChoices):
    """The two built-in outlines a bureau starts from (and may then adjust)."""

    ANNUAL = "annual", "按2024年度报告的六个部分"
    INSPECTION = "inspection", "按《法治政府建设与责任落实督察工作规定》的五项内容"

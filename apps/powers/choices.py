from django.db import models


class PowerKind(models.TextChoices):
    """The types of the province's 权责清单 template, in its order (the catalogue is
    grouped and the report counts in this order)."""

    LICENSING = "licensing", "行政许可"
    CONFIRMATION = "confirmation", "行政确认"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LEVY = "levy", "行政征收"
    BENEFIT = "benefit", "行政给付"
    INSPECTION = "inspection", "行政检查"
    REWARD = "reward", "行政奖励"
    ADJUDICATION = "adjudication", "行政裁决"
    OTHER = "other", "其他行政权力"


KIND_RANK = {value: rank for rank, value in enumerate(PowerKind.values, start=1)}


class ItemStatus(models.TextChoices):
    CURRENT = "current", "现行"
    CANCELLED = "cancelled", "已取消"


class ChangeAction(models.TextChoices):
    ADD = "add", "新增"
    CHANGE = "change", "变更"
    CANCEL = "cancel", "取消"


class Grade(models.TextChoices):
    """信用等级 of a 校外培训机构 (the 办法 may name fewer; A is best)."""

    A = "A", "A级（信用优秀）"
    B = "B", "B级（信用良好）"
    C = "C", "C级（信用一般）"
    D = "D", "D级（信用较差）"

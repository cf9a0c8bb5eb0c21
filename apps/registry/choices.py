from django.db import models


class EntityKind(models.TextChoices):
    HIGH_SCHOOL = "high", "高中"
    MIDDLE_SCHOOL = "middle", "初中"
    PRIMARY_SCHOOL = "primary", "小学"
    KINDERGARTEN = "kindergarten", "幼儿园"
    NINE_YEAR = "nine_year", "九年一贯制"
    PRIVATE_SCHOOL = "private", "民办学校"
    CANTEEN = "canteen", "学校食堂"
    TRAINING = "training", "校外培训机构"
    OTHER = "other", "其他"


class Ownership(models.TextChoices):
    PUBLIC = "public", "公办"
    PRIVATE = "private", "民办"


class EntityStatus(models.TextChoices):
    OPEN = "open", "在办"
    MERGED = "merged", "已撤并"
    CLOSED = "closed", "已停办"


class ChangeKind(models.TextChoices):
    REGISTERED = "registered", "登记"
    RENAMED = "renamed", "更名"
    REPRESENTATIVE = "representative", "法定代表人变更"
    MERGED = "merged", "撤并"
    CLOSED = "closed", "停办"
    REOPENED = "reopened", "恢复办学"


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class StaffCategory(models.TextChoices):
    TEACHER = "teacher", "专任教师"
    ADMINISTRATIVE = "admin", "行政人员"
    SUPPORT = "support", "后勤人员"
    SECURITY = "security", "保安"
    OTHER = "other", "其他"


class EmploymentStatus(models.TextChoices):
    EMPLOYED = "employed", "在职"
    SECONDED = "seconded", "借调"
    LEFT = "left", "离职"
    RETIRED = "retired", "退休"

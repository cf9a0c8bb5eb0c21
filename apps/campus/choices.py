from django.db import models


class EventKind(models.TextChoices):
    LECTURE = "lecture", "法治讲座"
    MORNING_READING = "reading", "宪法晨读"
    OATH = "oath", "宪法宣誓"
    CONSTITUTION_EDUCATION = "education", "宪法主题教育"
    LEARN_CONSTITUTION = "learn", "学宪法讲宪法"
    CIVIL_CODE = "civil_code", "民法典宣传"
    BASE_VISIT = "base_visit", "参观法治教育基地"
    ETHICS = "ethics", "师德宣讲"
    OTHER = "other", "其他"


class AppointmentRole(models.TextChoices):
    VICE_PRINCIPAL = "vice_principal", "法治副校长"
    TRAFFIC = "traffic", "交通安全辅导员"


class NominatingBody(models.TextChoices):
    POLICE = "police", "公安"
    PROCURATORATE = "procuratorate", "检察院"
    COURT = "court", "法院"
    JUSTICE = "justice", "司法行政"
    OTHER = "other", "其他"


class Rating(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    COMPETENT = "competent", "称职"
    BASIC = "basic", "基本称职"
    INCOMPETENT = "incompetent", "不称职"


class Level(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    SCHOOL = "school", "校级"


class Stage(models.TextChoices):
    PRELIMINARY = "preliminary", "初赛"
    SEMIFINAL = "semifinal", "复赛"
    FINAL = "final", "决赛"


class Group(models.TextChoices):
    HIGH = "high", "高中组"
    MIDDLE = "middle", "初中组"
    PRIMARY = "primary", "小学组"


class Prize(models.TextChoices):
    FIRST = "first", "一等奖"
    SECOND = "second", "二等奖"
    THIRD = "third", "三等奖"
    MERIT = "merit", "优秀奖"
    NONE = "none", "未获奖"


class CreationStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "创建中"
    NAMED = "named", "已命名"
    REVOKED = "revoked", "已撤销"

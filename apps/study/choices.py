from django.db import models


class SessionKind(models.TextChoices):
    """The forms of study the bureau records (a closed set: the report and the yearly
    summary group by it)."""

    CENTRAL_GROUP = "central_group", "中心组学习"
    PARTY_DAY = "party_day", "主题党日"
    LECTURE = "lecture", "机关大讲堂"
    PRE_MEETING = "pre_meeting", "会前学法"
    TRAINING = "training", "专题培训"
    ONLINE = "online", "线上学习"
    EXAM = "exam", "考试"


class Mode(models.TextChoices):
    ONSITE = "onsite", "现场"
    ONLINE = "online", "线上"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"

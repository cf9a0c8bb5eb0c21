from __future__ import annotations

from typing import Any

from apps.core.tables import Column, Table

from .selectors import REQUIRED_HOURS


def mask_name(name: str) -> str:
    """A minor's name for whoever may not read it: 丁晨熙 → 丁**."""

    return f"{name[:1]}{'*' * max(1, len(name) - 1)}" if name else ""


def student_name_for(user: Any, entry: Any) -> str:
    """The whole name only to signed-in staff of the entry's bureau (a school user sees
    only its own school's entries: scope); a city viewer sees it masked."""

    if getattr(user, "is_superuser", False) or getattr(user, "bureau_id", None) == entry.bureau_id:
        return entry.student_name
    return mask_name(entry.student_name)


def _themes(event) -> str:
    return "、".join(t.label for t in event.themes.all())


EVENT_TABLE = Table(
    columns=[
        Column("school.name", "学校"),
        Column("start_on", "活动日期"),
        Column("kind", "活动类型"),
        Column("campaign.label", "宣传活动"),
        Column("themes", "主题", render=_themes),
        Column("speaker.name", "主讲人"),
        Column("students", "学生（人次）"),
        Column("teachers", "教师（人次）"),
        Column("class_hours", "课时"),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("school", "campaign", "speaker", "bureau"),
)


def _schools(appointment) -> str:
    return "、".join(s.name for s in appointment.schools.all())


def _short(appointment) -> str:
    return "课时不足" if appointment.hours < REQUIRED_HOURS else ""


APPOINTMENT_TABLE = Table(
    columns=[
        Column("name", "姓名"),
        Column("role", "职务类别"),
        Column("unit", "工作单位"),
        Column("post", "职务"),
        Column("schools", "服务学校", render=_schools),
        Column("term_start", "任期开始"),
        Column("term_end", "任期结束"),
        Column("batch.name", "聘任批次"),
        Column("retired", "退休人员"),
        Column("hours", "课时（年度）"),
        Column("short", f"不足{REQUIRED_HOURS:g}课时", render=_short),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("batch", "bureau"),
)

EVALUATION_TABLE = Table(
    columns=[
        Column("appointment.name", "被评价人"),
        Column("appointment.role", "职务类别"),
        Column("school.name", "评价学校"),
        Column("year", "年度"),
        Column("rating", "评价等次"),
        Column("comment", "评价意见"),
    ],
    select_related=("appointment", "school"),
)

BATCH_TABLE = Table(
    columns=[
        Column("name", "批次名称"),
        Column("led_by", "牵头单位"),
        Column("appointed_on", "聘任日期"),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("bureau",),
)

COMPETITION_TABLE = Table(
    columns=[
        Column("name", "竞赛名称"),
        Column("organiser", "主办单位"),
        Column("level", "级别"),
        Column("stage", "赛段"),
        Column("held_on", "比赛日期"),
    ],
)


def entry_table(user: Any) -> Table:
    return Table(
        columns=[
            Column("student_name", "学生姓名", render=lambda e: student_name_for(user, e)),
            Column("school.name", "学校"),
            Column("competition.name", "竞赛"),
            Column("competition.stage", "赛段"),
            Column("group", "组别"),
            Column("represented", "代表"),
            Column("rank", "名次"),
            Column("prize", "奖项"),
        ],
        select_related=("school", "competition"),
    )


CAMPAIGN_TABLE = Table(
    columns=[
        Column("school.name", "学校"),
        Column("title", "创建名称"),
        Column("start_year", "开始年度"),
        Column("status", "状态"),
    ],
    select_related=("school",),
)

REVIEW_TABLE = Table(
    columns=[
        Column("campaign.school.name", "学校"),
        Column("reviewed_on", "检查日期"),
        Column("body", "检查单位"),
        Column("findings", "检查意见"),
    ],
    select_related=("campaign__school",),
)


def _item_state(item) -> str:
    if item.done_on:
        return "已完成"
    return "逾期" if item.is_overdue() else "未完成"


ITEM_TABLE = Table(
    columns=[
        Column("finding", "问题"),
        Column("school.name", "学校"),
        Column("owner", "责任人"),
        Column("due_on", "整改期限"),
        Column("state", "状态", render=_item_state),
        Column("done_on", "完成日期"),
    ],
    select_related=("school",),
)


def _yes(value: bool) -> str:
    return "有" if value else "无"


COVERAGE_TABLE = Table(
    columns=[
        Column("name", "学校"),
        Column("kind", "学校类型"),
        Column("has_vice_principal", "在任法治副校长", render=lambda s: _yes(s.has_vice_principal)),
        Column("has_traffic", "在任交通安全辅导员", render=lambda s: _yes(s.has_traffic)),
    ],
)

ROLLUP_TABLE = Table(
    columns=[
        Column("name", "学校"),
        Column("kind", "学校类型"),
        Column("took_part", "参加", render=lambda s: "是" if s.took_part else "否"),
        Column("event_count", "活动（次）"),
        Column("student_count", "学生（人次）"),
        Column("teacher_count", "教师（人次）"),
    ],
)

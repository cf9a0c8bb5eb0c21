"""Columns of the lists and their exports (what you see is what you download). The
incident list has no column of real names: they never leave the reveal page."""

from apps.core.tables import Column, Table
from apps.core.templatetags.portal import cn_date
from apps.registry.choices import EntityKind


def _overdue(inspection) -> str:
    return "逾期" if inspection.is_overdue() else ""


def _kinds(round_) -> str:
    labels = dict(EntityKind.choices)
    return "、".join(labels.get(k, k) for k in round_.kinds)


CHECKLIST_TABLE = Table(
    columns=[
        Column("title", "名称"),
        Column("document.title", "依据文件"),
        Column("bureau.name", "所属教育局", bureau_column=True),
        Column("updated_at", "更新时间"),
    ],
    select_related=("document", "bureau"),
)

ROUND_TABLE = Table(
    columns=[
        Column("title", "名称"),
        Column("period", "学期"),
        Column("year", "年度"),
        Column("kinds", "学校类型", render=_kinds),
        Column("deadline", "截止日期"),
        Column("version", "检查清单版本"),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("version__checklist", "bureau"),
)

# A round's schools (the round page) and every form (学校自查): laggards first.
INSPECTION_TABLE = Table(
    columns=[
        Column("school.name", "学校"),
        Column("school.kind", "学校类型"),
        Column("round.title", "自查轮次"),
        Column("progress", "状态"),
        Column("overdue", "逾期", render=_overdue),
        Column("round.deadline", "截止日期"),
        Column("submitted_at", "提交时间"),
        Column("reviewed_at", "审核时间"),
    ],
    select_related=("school", "round"),
)

SPOT_CHECK_TABLE = Table(
    columns=[
        Column("title", "名称"),
        Column("planned_on", "督查日期"),
        Column("method", "方式"),
        Column("version", "检查清单版本"),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("version__checklist", "bureau"),
)

VISIT_TABLE = Table(
    columns=[
        Column("school.name", "学校"),
        Column("spot_check.title", "督查"),
        Column("spot_check.method", "方式"),
        Column("visited_on", "检查日期"),
        Column("conclusion", "结论"),
        Column("recorded_at", "结果录入时间"),
    ],
    select_related=("school", "spot_check"),
)


def _state(r) -> str:
    if r.closed_at:
        return "已验收"
    if r.answered_at:
        return "已答复"
    return "逾期未答复" if r.is_overdue() else "待答复"


RECTIFICATION_TABLE = Table(
    columns=[
        Column("comment", "整改意见"),
        Column("school.name", "学校"),
        Column("source", "来源"),
        Column("owner", "责任人"),
        Column("due_on", "整改期限"),
        Column("state", "状态", render=_state),
        Column("created_at", "提出时间"),
    ],
    select_related=("school",),
)


def _audience(training) -> str:
    return "、".join(item.label for item in training.audience.all())


TRAINING_TABLE = Table(
    columns=[
        Column("title", "名称"),
        Column("held_on", "日期"),
        Column("venue.name", "地点"),
        Column("organiser", "组织单位"),
        Column("audience", "培训对象", render=_audience),
        Column("attendance", "参训人数"),
        Column("speaker_text", "主讲人"),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("venue", "bureau"),
)


def _handling(incident) -> str:
    return "、".join(item.label for item in incident.handling.all())


INCIDENT_TABLE = Table(
    columns=[
        Column("occurred_on", "发生日期", render=lambda i: cn_date(i.occurred_on)),
        Column("school.name", "学校"),
        Column("students", "涉事学生（化名）"),
        Column("handling", "处置方式", render=_handling),
        Column("status", "状态"),
    ],
    select_related=("school",),
)

"""Columns of the lists and their exports (what you see is what you download). The
public results table never has a 执法证 number; inspector names only where the bureau
publishes them (public_views)."""

from apps.core.tables import Column, Table

from .choices import Deadline
from .selectors import deadline_state


def _tasks(inspection) -> str:
    # prefetched by the views: one query per page, not per row
    return "、".join(task.name for task in inspection.tasks.all())


def _deadline(inspection) -> str:
    return str(Deadline(deadline_state(inspection)).label)


def _rectification(inspection) -> str:
    if inspection.result != "rectify":
        return ""
    return "已销号" if inspection.rectified_on else "整改中"


ITEM_TABLE = Table(
    columns=[
        Column("code", "事项编码"),
        Column("name", "抽查事项"),
        Column("inspecting_unit", "检查实施单位"),
        Column("method", "检查方式"),
        Column("entity_kinds", "适用对象类型"),
        Column("joint_departments", "联合检查部门"),
        Column("is_active", "在用"),
    ]
)

PLAN_TABLE = Table(
    columns=[Column("title", "计划名称"), Column("year", "年度"), Column("status", "状态"), Column("approved_at", "批准时间")]
)

DRAW_TABLE = Table(
    columns=[
        Column("task.name", "抽查任务"),
        Column("task.plan.year", "年度"),
        Column("status", "状态"),
        Column("k", "抽取对象数"),
        Column("committed_at", "承诺时间"),
        Column("drawn_at", "抽取时间"),
        Column("void_reason", "作废原因"),
    ],
    select_related=("task__plan",),
)

INSPECTOR_TABLE = Table(
    columns=[
        Column("code", "执法人员编号"),
        Column("person.name", "姓名"),
        Column("person.employer.name", "工作单位"),
        Column("credential_number", "执法证号"),
        Column("issuing_authority", "发证机关"),
        Column("valid_from", "有效期自"),
        Column("valid_to", "有效期至"),
    ],
    select_related=("person__employer",),
)

INSPECTION_TABLE = Table(
    columns=[
        Column("entity_name", "检查对象"),
        Column("year", "年度"),
        Column("tasks", "抽查任务", render=_tasks),
        Column("status", "状态"),
        Column("inspected_on", "检查日期"),
        Column("result", "检查结果"),
        Column("rectification", "整改", render=_rectification),
        Column("publish_due", "公示期限"),
        Column("deadline", "期限状态", render=_deadline),
        Column("published_on", "公示日期"),
    ],
)

CALENDAR_TABLE = Table(columns=[Column("date", "日期"), Column("kind", "类型"), Column("name", "节日")])

PUBLIC_RESULT_TABLE = Table(
    columns=[
        Column("entity_name", "检查对象"),
        Column("year", "年度"),
        Column("tasks", "抽查任务", render=_tasks),
        Column("inspected_on", "检查日期"),
        Column("result", "检查结果"),
        Column("handling", "处理情况"),
        Column("published_on", "公示日期"),
    ],
)

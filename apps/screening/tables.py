"""Columns of the screening lists (page and export alike). No table a school can open
carries an outcome; the 身份证号 is the masked form everywhere."""

from __future__ import annotations

from typing import Any

from apps.core.tables import Column, Table


def _percent(entity: Any) -> str:
    if not entity.staff_total:
        return "—"
    return f"{entity.checked * 100 / entity.staff_total:.1f}%"


def _not_checked(entity: Any) -> int:
    return max(entity.staff_total - entity.checked, 0)


COVERAGE_TABLE = Table(
    columns=[
        Column("name", "学校"),
        Column("kind", "类型"),
        Column("staff_total", "在岗教职员工"),
        Column("checked", "本年度已查询"),
        Column("not_checked", "尚未查询", render=_not_checked),
        Column("coverage", "覆盖率", render=_percent),
        Column("last_checked_on", "最近查询日期"),
        Column("hired_since", "上次查询后新入职"),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("bureau",),
)

STAFF_TABLE = Table(
    columns=[
        Column("name", "姓名"),
        Column("employer.name", "工作单位"),
        Column("category", "人员类别"),
        Column("masked_id_number", "身份证号"),
        Column("hired_on", "入职日期"),
        Column("authorised_on", "授权书签署日期"),
        Column("last_checked_on", "最近查询日期"),
    ],
    select_related=("employer",),
)

OVERDUE_TABLE = Table(
    columns=[
        Column("name", "姓名"),
        Column("employer.name", "工作单位"),
        Column("category", "人员类别"),
        Column("masked_id_number", "身份证号"),
        Column("hired_on", "入职日期"),
        Column("authorised_on", "授权书签署日期"),
        Column("last_checked_on", "最近查询日期"),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("employer", "bureau"),
)

AUTHORISATION_TABLE = Table(
    columns=[
        Column("person.name", "姓名"),
        Column("person.employer.name", "工作单位"),
        Column("signed_on", "签署日期"),
        Column("recorded_by", "登记人"),
        Column("created_at", "登记时间"),
    ],
    select_related=("person__employer", "recorded_by"),
)

BATCH_TABLE = Table(
    columns=[
        Column("title", "批次名称"),
        Column("query_date", "查询日期"),
        Column("platform.label", "查询平台"),
        Column("selection", "查询对象"),
        Column("status", "状态"),
        Column("members", "人数"),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("platform", "bureau"),
)

# What anyone with view_check sees: whether and when, never the outcome.
CHECK_TABLE = Table(
    columns=[
        Column("person.name", "姓名"),
        Column("school.name", "学校"),
        Column("person.category", "人员类别"),
        Column("person.masked_id_number", "身份证号"),
        Column("batch.title", "查询批次"),
        Column("checked_on", "查询日期"),
        Column("status", "查询状态"),
        Column("filed_on", "列入档案日期"),
    ],
    select_related=("person", "school", "batch"),
)

RESULT_TABLE = Table(
    columns=[
        Column("person.name", "姓名"),
        Column("school.name", "学校"),
        Column("person.category", "人员类别"),
        Column("person.masked_id_number", "身份证号"),
        Column("batch.title", "查询批次"),
        Column("checked_on", "查询日期"),
        Column("outcome", "查询结果", render=lambda c: c.get_outcome_display()),
        Column("reference", "查询编号"),
        Column("filed_on", "列入档案日期"),
    ],
    select_related=("person", "school", "batch"),
)

CASE_TABLE = Table(
    columns=[
        Column("person.name", "姓名"),
        Column("check_record.school.name", "学校"),
        Column("opened_on", "立案日期"),
        Column("action", "处置措施"),
        Column("decided_on", "处置决定日期"),
        Column("document_number", "处置文书文号"),
        Column("status", "状态"),
        Column("closed_on", "结案日期"),
    ],
    select_related=("person", "check_record__school"),
)

ENTRY_TABLE = Table(
    columns=[
        Column("person.name", "姓名"),
        Column("person.employer.name", "工作单位"),
        Column("kind", "类别"),
        Column("occurred_on", "日期"),
        Column("title", "事项"),
        Column("document_number", "文号"),
    ],
    select_related=("person__employer",),
)

EXPORT_LOG_TABLE = Table(
    columns=[
        Column("created_at", "导出时间"),
        Column("kind", "导出内容"),
        Column("batch.title", "查询批次"),
        Column("by", "导出人"),
        Column("rows", "行数"),
        Column("file_name", "文件名"),
        Column("address", "来源地址"),
    ],
    select_related=("batch", "by"),
)

from apps.core.tables import Column, Table
from apps.core.templatetags.portal import doc_number

# The export reads these same columns: 文号 is written with 〔〕 in both.
DOCUMENT_TABLE = Table(
    columns=[
        Column("title", "标题"),
        Column("number", "文号", render=lambda document: doc_number(document.number)),
        Column("kind", "类别"),
        Column("issuer", "发文机关"),
        Column("issued_on", "发文日期"),
        Column("effective_from", "生效日期"),
        Column("status", "状态"),
    ],
)

LAW_TABLE = Table(
    columns=[
        Column("name", "名称"),
        Column("short_name", "简称"),
        Column("level", "效力层级"),
        Column("issuing_body", "制定机关"),
        Column("promulgated_on", "公布日期"),
        Column("effective_on", "施行日期"),
        Column("status", "时效性"),
        Column("bureau", "维护单位", render=lambda law: law.bureau.name if law.bureau_id else "全国通用"),
    ],
    select_related=("bureau",),
)

CLEANUP_TABLE = Table(
    columns=[
        Column("title", "清理名称"),
        Column("basis_number", "依据文号", render=lambda campaign: doc_number(campaign.basis_number)),
        Column("scope_from", "清理范围起"),
        Column("scope_to", "清理范围止"),
        Column("status", "状态"),
        Column("published_on", "结果公布日期"),
        Column("bureau", "所属教育局", bureau_column=True),
    ],
    select_related=("bureau",),
)

MAINTAINER_TABLE = Table(
    columns=[
        Column("bureau", "教育局"),
        Column("note", "说明"),
        Column("appointed_by", "指定人"),
        Column("created_at", "指定时间"),
    ],
    select_related=("bureau", "appointed_by"),
)

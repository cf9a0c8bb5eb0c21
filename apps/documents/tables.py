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
    ],
)

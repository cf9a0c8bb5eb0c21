from apps.core.tables import Column, Table

from .bases import format_bases


def _bases(item) -> str:
    # Prefetched by the list's queryset (one query for the page), ordered as entered.
    return format_bases({"law": b.law.name, "article": b.article, "text": b.text} for b in item.bases.all())


def _parent_code(item) -> str:
    return item.parent.code if item.parent_id else ""


# The staff list, the public download and the import template share these headers, so
# an exported catalogue imports back unchanged.
ITEM_TABLE = Table(
    columns=[
        Column("name", "事项名称"),
        Column("code", "事项编码"),
        Column("kind", "事项类型"),
        Column("parent_code", "所属主项编码", render=_parent_code),
        Column("implementing_unit", "实施主体"),
        Column("bases", "法律依据", render=_bases),
        Column("responsibilities", "责任事项"),
        Column("accountability", "追责情形"),
        Column("supervision_phone", "监督电话"),
        Column("process", "办理流程"),
        Column("status", "状态"),
        Column("bureau", "所属教育局", bureau_column=True),
    ],
    select_related=("parent", "bureau"),
)

# The list page shows the short columns; the export (ITEM_TABLE) has them all.
ITEM_LIST_TABLE = Table(
    columns=[
        Column("name", "事项名称"),
        Column("code", "事项编码"),
        Column("kind", "事项类型"),
        Column("implementing_unit", "实施主体"),
        Column("supervision_phone", "监督电话"),
        Column("status", "状态"),
        Column("bureau", "所属教育局", bureau_column=True),
    ],
    select_related=("bureau",),
)

CHANGE_TABLE = Table(
    columns=[
        Column("name", "事项名称"),
        Column("code", "事项编码"),
        Column("kind", "事项类型"),
        Column("parent_code", "所属主项编码"),
        Column("implementing_unit", "实施主体"),
        Column("bases_text", "法律依据"),
        Column("responsibilities", "责任事项"),
        Column("accountability", "追责情形"),
        Column("supervision_phone", "监督电话"),
        Column("process", "办理流程"),
    ],
)

ADJUSTMENT_TABLE = Table(
    columns=[
        Column("adjusted_on", "调整日期"),
        Column("reason", "调整原因"),
        Column("document.title", "依据文件"),
        Column("bureau", "所属教育局", bureau_column=True),
    ],
    select_related=("document", "bureau"),
)

GRADE_TABLE = Table(
    columns=[
        Column("entity.name", "培训机构"),
        Column("year", "评定年度"),
        Column("grade", "信用等级"),
        Column("basis.title", "评定依据"),
        Column("graded_on", "评定日期"),
        Column("bureau", "所属教育局", bureau_column=True),
    ],
    select_related=("entity", "basis", "bureau"),
)

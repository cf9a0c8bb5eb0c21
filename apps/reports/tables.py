from apps.core.tables import Column, Table

REPORT_TABLE = Table(
    columns=[
        Column("title", "标题"),
        Column("year", "年度"),
        Column("status", "状态"),
        Column("bureau.name", "教育局", bureau_column=True),
        Column("published_on", "发布日期"),
        Column("updated_at", "最后修改"),
    ],
    select_related=("bureau",),
)

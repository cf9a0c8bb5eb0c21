from apps.core.tables import Column, Table

ADMISSION_TABLE = Table(
    columns=[
        Column("school.name", "学校"),
        Column("year", "招生年度"),
        Column("stage", "学段"),
        Column("admitted", "录取人数"),
        Column("admitted_online", "线上录取人数"),
        Column("admitted_offline", "线下录取人数"),
        Column("bureau", "所属教育局", bureau_column=True),
    ],
    select_related=("school", "bureau"),
)

YEAR_TABLE = Table(
    columns=[
        Column("year", "招生年度"),
        Column("note", "说明"),
        Column("bureau", "所属教育局", bureau_column=True),
    ],
    select_related=("bureau",),
)

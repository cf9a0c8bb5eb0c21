from apps.core.tables import Column, Table


def _names(items) -> str:
    return "、".join(str(item) for item in items.all())


def _laws(session) -> str:
    return "、".join(f"《{law.name}》" for law in session.laws.all())


# The sessions list; the export reads the same columns. topics/laws are prefetched and
# 出席人数 annotated by the view (StudySessionListView.get_queryset).
SESSION_TABLE = Table(
    columns=[
        Column("title", "名称"),
        Column("date", "日期"),
        Column("kind", "形式"),
        Column("organiser.label", "组织单位"),
        Column("topics", "主题", render=lambda s: _names(s.topics)),
        Column("laws", "学习的法律法规", render=_laws),
        Column("hours", "学时"),
        Column("mode", "方式"),
        Column("enforcement_training", "执法人员培训"),
        Column("present_count", "出席人数"),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("organiser", "bureau"),
)

# Every person at every session (the per-person figures and the person filter land here).
ATTENDANCE_TABLE = Table(
    columns=[
        Column("session.title", "学法活动"),
        Column("date", "日期"),
        Column("person.name", "姓名"),
        Column("person.employer.name", "工作单位"),
        Column("session.kind", "形式"),
        Column("session.hours", "学时"),
        Column("status", "出席情况"),
        Column("note", "备注"),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("session", "person", "person__employer", "bureau"),
)

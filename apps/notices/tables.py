from apps.core.tables import Column, Table
from apps.core.templatetags.portal import doc_number


def _overdue(addressee) -> str:
    return "逾期" if addressee.is_overdue() else ""


NOTICE_TABLE = Table(
    columns=[
        Column("title", "标题"),
        Column("number", "文号", render=lambda notice: doc_number(notice.number)),
        Column("kind", "类别"),
        Column("status", "状态"),
        Column("sent_at", "下发时间"),
        Column("reply_required", "需要反馈"),
        Column("deadline", "截止日期"),
    ],
)

# A notice's schools; the export reads the same columns.
RECEIPT_TABLE = Table(
    columns=[
        Column("school.name", "学校"),
        Column("progress", "状态"),
        Column("overdue", "逾期", render=_overdue),
        Column("read_at", "阅读时间"),
        Column("acknowledged_at", "签收时间"),
        Column("replied_at", "反馈时间"),
        Column("reminded_at", "最近催办"),
    ],
    select_related=("school", "notice"),
)

# Every notice's schools (the report's receipt figures link here).
RECEIPT_LIST_TABLE = Table(
    columns=[
        Column("notice.title", "通知"),
        Column("school.name", "学校"),
        Column("sent_at", "下发时间"),
        Column("progress", "状态"),
        Column("overdue", "逾期", render=_overdue),
        Column("acknowledged_at", "签收时间"),
    ],
    select_related=("school", "notice"),
)

INBOX_TABLE = Table(
    columns=[
        Column("notice.title", "通知"),
        Column("notice.number", "文号", render=lambda a: doc_number(a.notice.number)),
        Column("notice.kind", "类别"),
        Column("sent_at", "下发时间"),
        Column("notice.deadline", "截止日期"),
        Column("progress", "状态"),
        Column("overdue", "逾期", render=_overdue),
        Column("reminded_at", "催办时间"),
    ],
    select_related=("notice",),
)

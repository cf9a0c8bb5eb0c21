from apps.core.tables import Column, Table


def _overdue(pledge) -> str:
    from django.utils import timezone

    return "逾期" if not pledge.is_signed and pledge.campaign.deadline < timezone.localdate() else ""


CAMPAIGN_TABLE = Table(
    columns=[
        Column("title", "名称"),
        Column("year", "年度"),
        Column("deadline", "签订截止日期"),
        Column("total", "学校数"),
        Column("signed", "已签订"),
        Column("unsigned", "未签订"),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("bureau",),
)

# A campaign's schools, unsigned first; the export reads the same columns.
CAMPAIGN_PLEDGE_TABLE = Table(
    columns=[
        Column("school.name", "学校"),
        Column("school_kind", "学校类型"),
        Column("status", "状态"),
        Column("overdue", "逾期", render=_overdue),
        Column("signer", "签订人"),
        Column("signed_on", "签订日期"),
        Column("return_reason", "退回原因"),
    ],
    select_related=("school", "campaign"),
)

PLEDGE_TABLE = Table(
    columns=[
        Column("school.name", "学校"),
        Column("year", "年度"),
        Column("school_kind", "学校类型"),
        Column("status", "状态"),
        Column("overdue", "逾期", render=_overdue),
        Column("campaign.deadline", "签订截止日期"),
        Column("signer", "签订人"),
        Column("signed_on", "签订日期"),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("school", "campaign", "bureau"),
)

MEETING_TABLE = Table(
    columns=[
        Column("topic", "议题"),
        Column("held_on", "会议日期"),
        Column("kind.label", "会议类型"),
        Column("host", "主持人"),
        Column("open_decisions", "未办结决定事项"),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("kind", "bureau"),
)

DECISION_TABLE = Table(
    columns=[
        Column("text", "决定事项"),
        Column("owner", "责任人/责任股室"),
        Column("due_on", "完成时限"),
        Column("done_on", "办结日期"),
        Column("overdue", "逾期", render=lambda d: "逾期" if d.is_overdue() else ""),
        Column("meeting.topic", "例会"),
        Column("meeting.held_on", "会议日期"),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("meeting", "bureau"),
)

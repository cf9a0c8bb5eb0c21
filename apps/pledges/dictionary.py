"""The 字典管理 list the pledges app reads: the kinds of meeting (安全法治工作例会,
专题会议, ...), which a bureau extends without a programmer."""

MEETING_KIND = "meeting_kind"

KINDS = [(MEETING_KIND, "会议类型")]

# What a new bureau's list starts with (apps.core.dictionary.dictionary_copy_defaults).
DEFAULTS = {MEETING_KIND: ("安全法治工作例会", "专题会议")}

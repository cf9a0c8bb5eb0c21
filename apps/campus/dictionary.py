"""The 字典管理 lists campus pages read (apps.core.seams.dictionary_kinds collects them)."""

EVENT_THEME = "campus_theme"
CAMPAIGN = "campus_campaign"

KINDS = [
    (EVENT_THEME, "法治进校园主题"),
    (CAMPAIGN, "宣传活动"),
]

"""The 字典管理 lists campus pages read (apps.core.seams.dictionary_kinds collects them)."""

EVENT_THEME = "campus_theme"
CAMPAIGN = "campus_campaign"

KINDS = [
    (EVENT_THEME, "法治进校园主题"),
    (CAMPAIGN, "宣传活动"),
]

# What a new bureau's lists start with (apps.core.dictionary.dictionary_copy_defaults).
DEFAULTS = {
    EVENT_THEME: ("预防未成年人犯罪", "防电信诈骗", "防校园欺凌", "宪法学习", "民法典"),
    CAMPAIGN: ("宪法宣传周", "民法典宣传月", "六一儿童节", "教师节"),
}

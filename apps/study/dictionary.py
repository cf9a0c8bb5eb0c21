"""The 字典管理 lists of 学法 (apps.core.seams.dictionary_kinds collects them)."""

STUDY_ORGANISER = "study_organiser"
STUDY_TOPIC = "study_topic"

KINDS = [
    (STUDY_ORGANISER, "学法组织单位"),
    (STUDY_TOPIC, "学法主题"),
]

# What a new bureau's lists start with (apps.core.dictionary.dictionary_copy_defaults).
DEFAULTS = {
    STUDY_ORGANISER: ("局党组", "局机关党支部", "局办公室", "法规股"),
    STUDY_TOPIC: ("习近平法治思想", "党纪学习教育", "扫黑除恶", "民法典", "平安建设", "行政执法", "依法治教"),
}

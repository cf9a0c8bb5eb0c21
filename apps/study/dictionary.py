"""The 字典管理 lists of 学法 (apps.core.seams.dictionary_kinds collects them)."""

STUDY_ORGANISER = "study_organiser"
STUDY_TOPIC = "study_topic"

KINDS = [
    (STUDY_ORGANISER, "学法组织单位"),
    (STUDY_TOPIC, "学法主题"),
]

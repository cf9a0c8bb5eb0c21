"""The 字典管理 lists of 欺凌防治 (apps.core.seams.dictionary_kinds collects them)."""

TRAINING_AUDIENCE = "bullying_audience"
TRAINING_ORGANISER = "bullying_organiser"
INCIDENT_HANDLING = "bullying_handling"

KINDS = [
    (TRAINING_AUDIENCE, "培训对象"),
    (TRAINING_ORGANISER, "培训组织单位"),
    (INCIDENT_HANDLING, "欺凌事件处置方式"),
]

# What a new bureau's lists start with (apps.core.dictionary.dictionary_copy_defaults).
DEFAULTS = {
    TRAINING_AUDIENCE: ("校长（园长）", "分管副校长（园长）", "班主任", "法治副校长"),
    TRAINING_ORGANISER: ("{bureau}",),
    INCIDENT_HANDLING: ("教育惩戒", "家长沟通", "心理辅导", "移交公安机关"),
}

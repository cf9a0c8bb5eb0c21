"""The 字典管理 lists of 欺凌防治 (apps.core.seams.dictionary_kinds collects them)."""

TRAINING_AUDIENCE = "bullying_audience"
TRAINING_ORGANISER = "bullying_organiser"
INCIDENT_HANDLING = "bullying_handling"

KINDS = [
    (TRAINING_AUDIENCE, "培训对象"),
    (TRAINING_ORGANISER, "培训组织单位"),
    (INCIDENT_HANDLING, "欺凌事件处置方式"),
]

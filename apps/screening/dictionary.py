"""The 字典管理 list the screening app reads (apps.core.seams.dictionary_kinds)."""

QUERY_PLATFORM = "screening_platform"

KINDS = [(QUERY_PLATFORM, "准入查询平台")]

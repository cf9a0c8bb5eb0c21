"""The 字典管理 list the screening app reads (apps.core.seams.dictionary_kinds)."""

QUERY_PLATFORM = "screening_platform"

KINDS = [(QUERY_PLATFORM, "准入查询平台")]

# What a new bureau's list starts with (apps.core.dictionary.dictionary_copy_defaults).
DEFAULTS = {QUERY_PLATFORM: ("全国教职员工准入查询系统",)}

"""The 字典管理 lists the 文件库 reads (apps.core.seams.dictionary_kinds collects them)."""

DOCUMENT_TOPIC = "document_topic"
ISSUING_BODY = "issuing_body"

KINDS = [
    (DOCUMENT_TOPIC, "文件主题"),
    (ISSUING_BODY, "发文机关"),
]

# What a new bureau's lists start with (apps.core.dictionary.dictionary_copy_defaults);
# it edits them in 字典管理 afterwards.
DEFAULTS = {
    DOCUMENT_TOPIC: ("依法治校", "校园安全", "公平竞争审查", "法治宣传教育"),
    ISSUING_BODY: ("{bureau}", "{parent}"),
}

"""The 字典管理 lists the 文件库 reads (apps.core.seams.dictionary_kinds collects them)."""

DOCUMENT_TOPIC = "document_topic"
ISSUING_BODY = "issuing_body"

KINDS = [
    (DOCUMENT_TOPIC, "文件主题"),
    (ISSUING_BODY, "发文机关"),
]

from apps.core.tables import Column, Table

from .choices import EntityStatus

ENTITY_TABLE = Table(
    columns=[
        Column("name", "名称"),
        Column("kind", "类型"),
        Column("ownership", "举办性质"),
        Column("status", "办学状态"),
        Column("credit_code", "统一社会信用代码"),
        Column("legal_representative", "法定代表人"),
        Column("phone", "联系电话"),
        Column("parent.name", "所属单位"),
        Column("bureau.name", "所属教育局", bureau_column=True),
    ],
    select_related=("parent", "bureau"),
)

PERSON_TABLE = Table(
    columns=[
        Column("name", "姓名"),
        Column("gender", "性别"),
        Column("employer.name", "工作单位"),
        Column("category", "人员类别"),
        Column("position", "职务/岗位"),
        # Masked in the page and in the export alike.
        Column("masked_id_number", "身份证号"),
        Column("employment_status", "在岗状态"),
        Column("phone", "联系电话"),
        # The stable key an edited export is re-imported by (the 身份证号 is masked).
        Column("pk", "编号"),
    ],
    select_related=("employer",),
)

CHANGE_TABLE = Table(
    columns=[
        Column("entity.name", "单位"),
        Column("effective_on", "生效日期"),
        Column("kind", "变更类型"),
        Column("old_value", "变更前"),
        Column("new_value", "变更后"),
        Column("reason", "变更原因"),
        Column("basis", "依据文号"),
        Column("batch", "调整批次"),
    ],
    select_related=("entity",),
)


_STATUS_LABELS = dict(EntityStatus.choices)

# 历史名录查询: the registry as it stood on a day (selectors.entities_as_of's annotations).
AS_OF_TABLE = Table(
    columns=[
        Column("name_then", "当时名称"),
        Column("kind", "类型"),
        Column("legal_representative_then", "当时法定代表人"),
        Column("status_then", "当时状态", render=lambda e: _STATUS_LABELS.get(e.status_then, e.status_then)),
        Column("name", "现名称"),
    ],
)

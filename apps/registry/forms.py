from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone

from apps.core.forms import PortalFormMixin
from apps.core.validators import normalize_resident_id, normalize_uscc, validate_resident_id
from apps.core.widgets import AutocompleteSelect

from . import services
from .choices import ChangeKind, EntityStatus
from .models import Bureau, Entity, Person, document_number_hint

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def entity_field(label: str, *, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Entity.objects.none(),
        required=required,
        widget=AutocompleteSelect(reverse_lazy("registry:entity_autocomplete")),
    )


class EntityForm(PortalFormMixin, forms.ModelForm):
    """Create an entity, or edit its plain fields. Name, representative and status
    change only through EntityChangeForm, which dates and explains each change."""

    parent = entity_field("所属单位", required=False)
    keeps_tracked_fields = False
    registration_reason = "新登记"

    class Meta:
        model = Entity
        fields = [
            "name",
            "short_name",
            "kind",
            "ownership",
            "credit_code",
            "legal_representative",
            "address",
            "phone",
            "parent",
            "established_on",
        ]
        widgets = {"established_on": DATE_INPUT}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["parent"].queryset = Entity.objects.for_user(user, write=True)
        if self.instance.pk and not self.keeps_tracked_fields:
            for name in services.TRACKED_FIELDS:
                self.fields.pop(name, None)

    def clean_credit_code(self) -> str:
        code = normalize_uscc(self.cleaned_data["credit_code"])
        if code and Entity.objects.filter(bureau_id=self.user.bureau_id, credit_code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("该统一社会信用代码已登记在本局名录中。")
        return code

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent and self.instance.pk and parent.pk == self.instance.pk:
            raise forms.ValidationError("不能选择自身作为所属单位。")
        return parent

    def save(self, commit: bool = True) -> Entity:
        entity = super().save(commit=False)
        if entity.pk:
            entity.save()
            return entity
        entity.bureau_id = self.user.bureau_id
        return services.entity_register(entity=entity, by=self.user, reason=self.registration_reason)


class EntityChangeForm(PortalFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="变更类型",
        choices=[
            (ChangeKind.RENAMED, ChangeKind.RENAMED.label),
            (ChangeKind.REPRESENTATIVE, ChangeKind.REPRESENTATIVE.label),
            (ChangeKind.MERGED, ChangeKind.MERGED.label),
            (ChangeKind.CLOSED, ChangeKind.CLOSED.label),
            (ChangeKind.REOPENED, ChangeKind.REOPENED.label),
        ],
    )
    new_value = forms.CharField(label="新名称/新法定代表人", max_length=100, required=False)
    merged_into = entity_field("并入单位", required=False)
    effective_on = forms.DateField(label="生效日期", widget=DATE_INPUT)
    reason = forms.CharField(label="变更原因", max_length=200)
    basis = forms.CharField(label="依据文号", max_length=100, required=False, help_text="")
    batch = forms.CharField(label="调整批次", max_length=100, required=False, help_text="如：2024年9月名录库动态调整")

    def __init__(self, *args: Any, user: Any = None, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.entity = entity
        self.fields["basis"].help_text = document_number_hint(user)
        self.fields["merged_into"].queryset = Entity.objects.for_user(user, write=True).exclude(pk=entity.pk)

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind = data["kind"]
        if kind == ChangeKind.RENAMED:
            return {"name": data["new_value"]}
        if kind == ChangeKind.REPRESENTATIVE:
            return {"legal_representative": data["new_value"]}
        if kind == ChangeKind.MERGED:
            return {"status": EntityStatus.MERGED, "merged_into": data["merged_into"]}
        if kind == ChangeKind.CLOSED:
            return {"status": EntityStatus.CLOSED}
        return {"status": EntityStatus.OPEN}

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in (ChangeKind.RENAMED, ChangeKind.REPRESENTATIVE) and not data.get("new_value"):
            self.add_error("new_value", "请填写变更后的名称或法定代表人。")
        if kind == ChangeKind.MERGED and not data.get("merged_into"):
            self.add_error("merged_into", "撤并时必须选择并入单位。")
        return data

    def save(self):
        return services.entity_change(
            entity=self.entity,
            by=self.user,
            effective_on=self.cleaned_data["effective_on"],
            reason=self.cleaned_data["reason"],
            basis=self.cleaned_data["basis"],
            batch=self.cleaned_data["batch"],
            **self.changes(),
        )


class EntityImportForm(EntityForm):
    """One imported row: every field; a changed name or representative is recorded as a
    dated event (dated the import day) instead of being overwritten silently."""

    keeps_tracked_fields = True
    registration_reason = "Excel导入登记"

    def save(self, commit: bool = True) -> Entity:
        if not self.instance.pk:
            return super().save()
        entity = self.instance  # the form has already applied the row's values to it
        before = Entity.objects.get(pk=entity.pk)
        changed = {}
        for field in ("name", "legal_representative"):
            if getattr(entity, field) != getattr(before, field):
                changed[field] = getattr(entity, field)
                setattr(entity, field, getattr(before, field))
        entity.save()
        if changed:
            services.entity_change(
                entity=entity, by=self.user, effective_on=timezone.localdate(), reason="Excel导入更新", **changed
            )
            entity.refresh_from_db()
        return entity


class PersonForm(PortalFormMixin, forms.ModelForm):
    employer = entity_field("工作单位")
    # Not a model field: the model keeps it encrypted (Person.id_number is a property).
    id_number = forms.CharField(label="身份证号", max_length=18, validators=[validate_resident_id])

    class Meta:
        model = Person
        fields = ["name", "gender", "id_number", "employer", "category", "position", "phone", "employment_status", "hired_on"]
        widgets = {"hired_on": DATE_INPUT}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        employers = Entity.objects.for_user(user, write=True)
        self.fields["employer"].queryset = employers
        if getattr(user, "school_id", None):
            # A school adds its own staff: its school preselected, and only its school
            # and units (for_user's write scope) can be found in the search beside it.
            if not self.instance.pk:
                self.fields["employer"].initial = user.school_id
            self.fields["employer"].widget.offered = employers.count()
        if self.instance.pk:
            # The whole 身份证号 is never sent back to the browser; blank keeps it.
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = f"当前：{self.instance.masked_id_number}。留空则不修改。"

    def clean_id_number(self) -> str:
        return normalize_resident_id(self.cleaned_data.get("id_number", ""))

    def validate_unique(self) -> None:
        # The bureau is set on save; check the per-bureau uniqueness against the user's.
        super().validate_unique()
        value = self.cleaned_data.get("id_number")
        if (
            value
            and Person.objects.filter(bureau_id=self.user.bureau_id).with_id_number(value).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error("id_number", "该身份证号已登记在本局教职员工中。")

    def save(self, commit: bool = True) -> Person:
        person = super().save(commit=False)
        if not person.pk:
            person.bureau_id = self.user.bureau_id
        if self.cleaned_data.get("id_number"):
            person.id_number = self.cleaned_data["id_number"]
        person.save()
        return person


class BureauSiteForm(PortalFormMixin, forms.ModelForm):
    """本局门户设置: what the bureau's pages say about it (the admin's own bureau)."""

    logo_file = forms.FileField(label="标志图片", required=False, help_text="PNG 或 JPEG，不超过 200 KB，显示在页头名称前。")
    remove_logo = forms.BooleanField(label="删除现有标志图片", required=False)

    class Meta:
        model = Bureau
        fields = list(services.SITE_FIELDS)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["name"].help_text = "本局全称，与公文落款一致。"
        if "police_record" in self.fields and self.instance.region_code:
            # The 公安备案号 begins with the bureau's own region code.
            self.fields["police_record"].help_text = f"如：晋公网安备 {self.instance.region_code}02000001号"
        if not self.instance.logo:
            del self.fields["remove_logo"]

    def clean_logo_file(self) -> bytes | None:
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        if upload.size > services.LOGO_MAX_BYTES:
            raise forms.ValidationError(f"标志图片不能超过 {services.LOGO_MAX_BYTES // 1024} KB。")
        data = upload.read()
        try:
            services.logo_content_type(data)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["logo"]) from None
        return data

    def save(self, commit: bool = True) -> Bureau:
        data = {name: self.cleaned_data[name] for name in services.SITE_FIELDS}
        if not commit:
            self.save_m2m = lambda: None
            return self.instance
        return services.bureau_site_update(
            bureau=self.instance,
            by=self.user,
            data=data,
            logo=self.cleaned_data.get("logo_file"),
            remove_logo=self.cleaned_data.get("remove_logo", False),
        )

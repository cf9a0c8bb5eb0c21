from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from .uploads import check_xlsx

EMPTY_LABEL = "—— 请选择 ——"


# Django's own help text for a username, said plainly.
USERNAME_HELP = "登录时使用，建议用姓名拼音（如 wanghua）。只能用字母、数字和 @ . + - _，最多 150 个字符。"


def plain_error_messages(field: forms.Field, label: str) -> dict[str, str]:
    """What is wrong with which field, in plain Chinese, instead of Django's generic
    这个字段是必填项。 (the same words wherever the field is)."""

    choose = isinstance(field, (forms.ChoiceField, forms.ModelChoiceField, forms.FileField, forms.BooleanField))
    messages = {"required": f"请{'选择' if choose else '填写'}“{label}”。"}
    if isinstance(field, forms.DateTimeField):
        messages["invalid"] = f"“{label}”不是有效的时间，请按 2024-03-01 09:30 的格式填写。"
    elif isinstance(field, forms.DateField):
        messages["invalid"] = f"“{label}”不是有效的日期，请按 2024-03-01 的格式填写。"
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = f"“{label}”请填写整数。"
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        messages["invalid"] = f"“{label}”请填写数字。"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = f"“{label}”不是有效的电子邮箱地址。"
    if isinstance(field, forms.ModelMultipleChoiceField):
        messages["invalid_choice"] = f"“{label}”中有无效的选项，请重新选择。"
        messages["invalid_pk_value"] = f"“{label}”中有无效的选项，请重新选择。"
    elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        messages["invalid_choice"] = f"“{label}”的选项无效，请重新选择。"
    if isinstance(field, forms.CharField) and field.max_length:
        messages["max_length"] = f"“{label}”最多 %(limit_value)d 个字，现在有 %(show_value)d 个。"
    return messages


class PortalFormMixin:
    """Every portal form takes the acting `user` (the view passes it) and Bootstrap classes.

    Errors say which field and what to do (请填写“姓名”。); an invalid field is marked
    (is-invalid; Django adds aria-invalid and aria-describedby to its error text), and
    includes/form.html lists the errors at the top of a long form with links to the fields.
    """

    # A form with more visible fields than this gets the error summary at the top.
    summary_threshold = 4

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            # Django's blank choice label has no zh-hans translation.
            if getattr(field, "empty_label", None) is not None:
                field.empty_label = EMPTY_LABEL
            elif isinstance(field, forms.ChoiceField) and field.choices:
                first_value, _ = field.choices[0]
                if first_value == "":
                    field.choices = [("", EMPTY_LABEL), *field.choices[1:]]
            field.error_messages.update(plain_error_messages(field, str(field.label or name)))
            if name == "username" and not field.disabled and "150" in str(field.help_text):
                field.help_text = USERNAME_HELP
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()

    @property
    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) of each field error, in the form's order, for the
        summary at the top of a long form; empty on a short one."""

        if not self.errors or len(self.visible_fields()) <= self.summary_threshold:
            return []
        summary = []
        for bound in self.visible_fields():
            for message in bound.errors:
                summary.append((bound.id_for_label or bound.auto_id, str(bound.label), message))
        return summary


class ImportUploadForm(PortalFormMixin, forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）", help_text="请使用本页提供的模板填写。")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                "文件过大（%(size).1f MB），导入文件不能超过 %(max)d MB。",
                params={"size": upload.size / 1048576, "max": settings.IMPORT_MAX_BYTES // 1048576},
            )
        check_xlsx(upload)
        return upload

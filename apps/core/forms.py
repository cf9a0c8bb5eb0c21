from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from .uploads import check_xlsx

EMPTY_LABEL = "—— 请选择 ——"


class PortalFormMixin:
    """Every portal form takes the acting `user` (the view passes it) and Bootstrap classes."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Django's blank choice label has no zh-hans translation.
            if getattr(field, "empty_label", None) is not None:
                field.empty_label = EMPTY_LABEL
            elif isinstance(field, forms.ChoiceField) and field.choices:
                first_value, _ = field.choices[0]
                if first_value == "":
                    field.choices = [("", EMPTY_LABEL), *field.choices[1:]]
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


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

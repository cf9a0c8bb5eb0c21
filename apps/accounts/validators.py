import re

from django.core.exceptions import ValidationError


class ComplexityValidator:
    """等保 level 3: a password mixes letters, digits and symbols."""

    def validate(self, password: str, user=None) -> None:
        kinds = [
            bool(re.search(r"[A-Za-z]", password)),
            bool(re.search(r"\d", password)),
            bool(re.search(r"[^A-Za-z0-9]", password)),
        ]
        if not all(kinds):
            raise ValidationError("密码必须同时包含字母、数字和符号。", code="password_too_simple")

    def get_help_text(self) -> str:
        return "密码必须同时包含字母、数字和符号。"

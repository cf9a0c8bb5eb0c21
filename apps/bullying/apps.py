from django.apps import AppConfig


class BullyingConfig(AppConfig):
    name = "apps.bullying"
    label = "bullying"
    verbose_name = "欺凌防治"

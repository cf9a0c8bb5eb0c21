from django.apps import AppConfig


class CampusConfig(AppConfig):
    name = "apps.campus"
    label = "campus"
    verbose_name = "法治进校园"

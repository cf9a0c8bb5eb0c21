from django.apps import AppConfig


class AdmissionsConfig(AppConfig):
    name = "apps.admissions"
    label = "admissions"
    verbose_name = "教育入学"

from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "apps.pledges"
    label = "pledges"
    verbose_name = "责任承诺与例会"

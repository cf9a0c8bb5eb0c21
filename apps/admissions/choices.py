from django.db import models


class Stage(models.TextChoices):
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"

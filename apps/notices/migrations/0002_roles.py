"""Give the role groups their notices permissions (see apps.notices.permissions)."""

from django.db import migrations

from apps.accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0001_notices"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]

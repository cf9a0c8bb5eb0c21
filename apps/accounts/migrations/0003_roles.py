from django.db import migrations

from apps.accounts.roles import sync_roles


class Migration(migrations.Migration):
    """The five roles of DESIGN.md as Groups with their permissions."""

    dependencies = [
        ("accounts", "0002_initial"),
        ("registry", "0001_initial"),
        ("documents", "0002_initial"),
        ("core", "0002_initial"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]

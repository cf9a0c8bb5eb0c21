from django.contrib import admin

from .models import BackupCheck


@admin.register(BackupCheck)
class BackupCheckAdmin(admin.ModelAdmin):
    """Restore-test records, for the system administrator: read only (append-only table)."""

    list_display = ("started_at", "ok", "tables", "rows", "dump_bytes", "dump_file")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin

from .models import Notice, NoticeAddressee


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("title", "number", "kind", "status", "sent_at", "bureau")
    list_filter = ("kind", "status")
    search_fields = ("title", "number")
    readonly_fields = ("status", "sent_at", "sent_by", "version")


@admin.register(NoticeAddressee)
class NoticeAddresseeAdmin(admin.ModelAdmin):
    list_display = ("notice", "school", "progress", "read_at", "acknowledged_at", "replied_at")
    list_filter = ("progress",)
    raw_id_fields = ("notice", "school")
    readonly_fields = ("read_at", "read_by", "acknowledged_at", "acknowledged_by", "replied_at", "replied_by", "version")

from django.contrib import admin

from .models import Campaign, Meeting, Pledge


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "deadline", "bureau")
    readonly_fields = ("notice", "launched_at", "created_by")


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ("school", "year", "status", "signer", "signed_on")
    list_filter = ("status", "year")
    raw_id_fields = ("campaign", "school")
    readonly_fields = ("signed_at", "signed_by", "returned_at", "returned_by", "version")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("held_on", "topic", "bureau")
    raw_id_fields = ("people", "units")

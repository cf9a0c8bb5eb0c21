from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("单位", {"fields": ("bureau", "school", "full_name", "phone")}))
    list_display = ("username", "full_name", "bureau", "school", "is_active", "is_superuser")
    list_filter = ("is_active", "is_superuser", "groups", "bureau")
    raw_id_fields = ("school",)

"""Django admin for the system administrator (superuser): bureaus mainly. Staff work in
the portal's own screens, which scope, audit and validate every write."""

from django.contrib import admin

from .models import Bureau, Entity


@admin.register(Bureau)
class BureauAdmin(admin.ModelAdmin):
    list_display = ("name", "region_code", "parent", "path")
    search_fields = ("name", "region_code")
    readonly_fields = ("path",)


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "status", "bureau")
    list_filter = ("kind", "status")
    search_fields = ("name", "credit_code")
    raw_id_fields = ("parent", "merged_into")

    def get_readonly_fields(self, request, obj=None):
        # Once registered, name, representative and status change only through the
        # portal's dated change form (the registry's history relies on it).
        return ("name", "legal_representative", "status", "merged_into") if obj else ()

from django.contrib import admin

from billing.models import LineTemplate, StripeEvent


@admin.register(LineTemplate)
class LineTemplateAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "kind", "unit_amount", "tax_rate", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "name_en", "name_es")


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    """Every verified Stripe event, read-only; "needs attention" is work for a person."""

    list_display = ("received_at", "type", "account", "status", "reason", "invoice", "event_id")
    list_filter = ("status", "reason", "type", "account", "livemode")
    search_fields = ("event_id", "object_id")
    readonly_fields = [f.name for f in StripeEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

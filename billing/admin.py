from django.contrib import admin

from billing.models import LineTemplate


@admin.register(LineTemplate)
class LineTemplateAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "kind", "unit_amount", "tax_rate", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "name_en", "name_es")

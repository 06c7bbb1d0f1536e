from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from matters.models import CaseType, DocumentRequest, Matter, MatterContact, Task
from matters.services import refresh_figures


@admin.register(CaseType)
class CaseTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "category", "forms", "active", "updated_at"]
    list_filter = ["category", "active"]
    search_fields = ["code", "name_en", "name_es", "forms"]


class ContactInline(admin.TabularInline):
    model = MatterContact
    extra = 0
    fields = ["name", "email", "role", "user"]
    raw_id_fields = ["user"]


@admin.register(Matter)
class MatterAdmin(admin.ModelAdmin):
    list_display = ["reference_display", "title", "case_type", "stage", "status", "updated_at"]
    list_filter = ["case_type", "status"]
    search_fields = ["title", "contacts__name", "contacts__email"]
    # Answers are sealed and shown on the matter page; the admin never shows them.
    exclude = ["answers", "sealed_answers"]
    # Who works on a matter changes on the matter page (matters.services.change_team), which
    # hands the leavers' open tasks on and records it; an edit here would strand them.
    readonly_fields = ["questionnaire_version", "responsible_attorney", "staff"]
    inlines = [ContactInline]

    @admin.display(description=_("reference"), ordering="pk")
    def reference_display(self, obj):
        return obj.reference


class RecountMixin:
    """Edits made here bypass the services; keep the matter list's figures right."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)

        refresh_figures(obj.matter_id)

    def delete_model(self, request, obj):
        matter_id = obj.matter_id
        super().delete_model(request, obj)

        refresh_figures(matter_id)


@admin.register(DocumentRequest)
class DocumentRequestAdmin(RecountMixin, admin.ModelAdmin):
    list_display = ["title_en", "matter", "status", "due_date"]
    list_filter = ["status", "source"]
    raw_id_fields = ["matter", "parent", "rfe"]


@admin.register(Task)
class TaskAdmin(RecountMixin, admin.ModelAdmin):
    list_display = ["title", "matter", "assignee", "due_date", "status"]
    exclude = ["title_key", "title_params"]
    list_filter = ["status"]
    raw_id_fields = ["matter", "assignee", "completed_by"]

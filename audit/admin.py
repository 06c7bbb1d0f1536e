from django.contrib import admin

from audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["seq", "created_at", "kind", "actor_label", "subject_type", "subject_id", "ip"]
    list_filter = ["kind"]
    search_fields = ["actor_label", "subject_id", "kind"]
    readonly_fields = [f.name for f in Event._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


from audit.models import RetentionPolicy  # noqa: E402


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    list_display = ("name", "record", "document_type", "trigger", "days", "action", "active")
    list_filter = ("record", "action", "active")

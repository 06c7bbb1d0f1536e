from django import forms
from django.contrib import admin

from portal.accounts.forms import PhoneField
from portal.accounts.models import Invitation, User


class UserAdminForm(forms.ModelForm):
    phone = PhoneField(label=User._meta.get_field("phone").verbose_name, required=False)

    class Meta:
        model = User
        fields = [
            "email",
            "full_name",
            "kind",
            "preferred_language",
            "phone",
            "is_active",
            "groups",
        ]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    form = UserAdminForm
    list_display = ["email", "full_name", "kind", "preferred_language", "is_active", "date_joined"]
    list_filter = ["kind", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    ordering = ["email"]
    fields = ["email", "full_name", "kind", "preferred_language", "phone", "is_active", "groups"]
    filter_horizontal = ["groups"]
    readonly_fields = ["kind"]

    def get_readonly_fields(self, request, obj=None):
        # Kind is chosen once, at creation.
        return ["kind"] if obj else []


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "language", "status", "created_at", "expires_at"]
    list_filter = ["status", "language"]
    search_fields = ["email", "full_name"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        # Invitations are sent from the staff workspace, which emails the link.
        return False

    def has_change_permission(self, request, obj=None):
        return False

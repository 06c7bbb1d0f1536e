"""The Django admin behind the portal's own sign-in, second factor and access policy."""

from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from portal.accounts import access


class PortalAdminSite(admin.AdminSite):
    site_header = _("Portal administration")
    site_title = _("Portal administration")
    index_title = _("Administration")

    def has_permission(self, request) -> bool:
        return access.can_use_admin_site(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # Signed in but not an Admin: the admin does not exist for you (404, not a login page).
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        return wrapper

    def login(self, request, extra_context=None):
        """No second login form: the portal's sign-in, then its second factor."""
        if request.user.is_authenticated:
            if not self.has_permission(request):
                raise Http404
            return redirect("admin:index")
        return redirect_to_login(request.GET.get("next") or "/admin/")

    def logout(self, request, extra_context=None):
        return redirect("account_logout")

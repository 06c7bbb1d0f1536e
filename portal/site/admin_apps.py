from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin with the portal's site: sign-in, second factor and 404s of its own."""

    default_site = "portal.site.admin_site.PortalAdminSite"

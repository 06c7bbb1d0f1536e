from django.contrib import admin
from django.urls import include, path

from matters.urls import client_urlpatterns, staff_urlpatterns
from portal.accounts.views import email, invitations, mfa
from portal.site.views import help as help_pages
from portal.site.views import home, notifications_preview

staff_patterns = (
    [
        path("", home.staff_home, name="home"),
        path("invitations/", invitations.invitations, name="invitations"),
        path(
            "invitations/<uuid:invitation_uuid>/resend/",
            invitations.resend,
            name="invitation_resend",
        ),
        *staff_urlpatterns,
    ],
    "staff",
)

urlpatterns = [
    path("", home.home, name="home"),
    path("staff/", include(staff_patterns)),
    *client_urlpatterns,
    path("", include("uploads.urls")),
    path("", include("billing.urls")),
    path("", include("portal.site.compliance_urls")),
    path("invite/<str:lang>/<str:token>/", invitations.accept, name="invitation_accept"),
    path("accounts/mfa/setup/", mfa.setup, name="mfa_setup"),
    path("accounts/mfa/verify/", mfa.verify, name="mfa_verify"),
    path("accounts/security/", mfa.security, name="account_security"),
    path(
        "accounts/security/backup-codes/",
        mfa.regenerate_backup_codes,
        name="mfa_backup_codes",
    ),
    path(
        "accounts/security/replace-authenticator/",
        mfa.replace_authenticator,
        name="mfa_replace_authenticator",
    ),
    # Before allauth's: the firm manages addresses, so its add-an-address page is replaced.
    path("accounts/email/", email.email_addresses, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", home.set_language, name="set_language"),
    path("healthz", home.healthz, name="healthz"),
    path(
        "staff/messages/",
        notifications_preview.notification_previews,
        name="notification_previews",
    ),
    path(
        "staff/messages/<slug:name>/",
        notifications_preview.notification_previews,
        name="notification_preview",
    ),
    path("help/", help_pages.help_page, name="help"),
    path("help/photos/", help_pages.photo_guide, name="photo_guide"),
    path("admin/", admin.site.urls),
]

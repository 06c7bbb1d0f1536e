"""Event kinds that the accounts core records."""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "auth.signed_in": _("Signed in"),
    "auth.signed_out": _("Signed out"),
    "auth.sign_in_failed": _("Sign-in failed"),
    "auth.account_under_attack": _("Sign-ins paused: failed passwords from many addresses"),
    "auth.session_expired": _("Session expired"),
    "invitation.sent": _("Invitation sent"),
    "invitation.resent": _("Invitation sent again"),
    "invitation.accepted": _("Invitation accepted"),
    "mfa.enrolled": _("Authenticator set up"),
    "mfa.enrollment_failed": _("Authenticator set-up failed"),
    "mfa.verified": _("Second factor verified"),
    "mfa.failed": _("Second factor refused"),
    "mfa.throttled": _("Second factor throttled"),
    "mfa.backup_codes_regenerated": _("Backup codes replaced"),
    "mfa.authenticator_removed": _("Authenticator removed"),
    "staff.roles_changed": _("Staff roles changed"),
}

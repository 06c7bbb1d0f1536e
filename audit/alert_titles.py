"""Titles of unusual-access alerts, stored as message keys (audit.messages)."""

from django.utils.translation import gettext_lazy

BULK_TITLE = gettext_lazy(
    "%(actor)s downloaded or viewed %(count)s documents in %(minutes)s minutes"
)
OFF_HOURS_TITLE = gettext_lazy(
    "%(actor)s was active outside office hours on %(date)s (%(count)s events)"
)
NEW_NETWORK_TITLE = gettext_lazy("%(actor)s signed in from a new network, %(network)s")
FAILED_EMAIL_TITLE = gettext_lazy("%(count)s failed sign-ins for %(email)s in %(minutes)s minutes")
FAILED_IP_TITLE = gettext_lazy("%(count)s failed sign-ins from %(ip)s in %(minutes)s minutes")
CHAIN_BROKEN_TITLE = gettext_lazy("The audit chain is broken at %(where)s: %(reason)s")

MESSAGES = {
    "audit.alert.bulk_download": BULK_TITLE,
    "audit.alert.off_hours": OFF_HOURS_TITLE,
    "audit.alert.new_network": NEW_NETWORK_TITLE,
    "audit.alert.failed_email": FAILED_EMAIL_TITLE,
    "audit.alert.failed_ip": FAILED_IP_TITLE,
    "audit.alert.chain_broken": CHAIN_BROKEN_TITLE,
}

"""The sign-in email address, read-only: the firm manages it.

allauth's own page lets a user add any address; the firm then mails that address messages
that name the client. Clients and staff see their address here and whom to ask to change it.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
@login_required
def email_addresses(request):
    return render(
        request,
        "portal/account/email.html",
        {
            "address": request.user.email,
            "support_email": settings.SUPPORT_EMAIL,
            "support_phone": settings.SUPPORT_PHONE,
        },
    )

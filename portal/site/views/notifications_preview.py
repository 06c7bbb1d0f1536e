from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from portal.accounts import access, notifications


@never_cache
@access.require(access.can_use_compliance)
def notification_previews(request, name=None):
    """Admin: every email and text message, in English and Spanish, untranslated parts flagged."""
    names = notifications.template_names()
    if name is not None and name not in names:
        raise Http404
    current = name or names[0]
    return render(
        request,
        "portal/notification_previews.html",
        {"names": names, "current": current, "parts": notifications.preview(current)},
    )

"""Public help pages: taking readable document photos, and common upload problems.

Both work signed out (the invitation email links to the photo guide) and need no
JavaScript. Staff who still owe a second factor are sent to it first, as on every
page outside ``MFA_EXEMPT_VIEWS``.
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import check_for_language
from django.views.decorators.http import require_safe

LANG_PARAM = "lang"


def _language_from_link(request):
    """Emails link here with ``?lang=``: remember it as the switcher would, then drop it.

    Without this a Spanish speaker whose phone is set to English would get the
    guide in English. A signed-in user's own language always wins (see
    ``UserLanguageMiddleware``), so for them the parameter is simply dropped. The
    redirect keeps the address clean, so the language switcher still works.
    """
    if LANG_PARAM not in request.GET:
        return None
    response = redirect(request.path)
    language = request.GET[LANG_PARAM]
    if (
        not request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and check_for_language(language)
    ):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@require_safe
def photo_guide(request):
    return _language_from_link(request) or render(request, "portal/help/photo_guide.html")


@require_safe
def help_page(request):
    phone = settings.SUPPORT_PHONE
    return _language_from_link(request) or render(
        request,
        "portal/help/help.html",
        {
            "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
            # For a tel: link: digits and a leading plus only.
            "support_phone_tel": "".join(c for c in phone if c.isdigit() or c == "+"),
        },
    )

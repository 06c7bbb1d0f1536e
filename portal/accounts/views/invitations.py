from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from portal.accounts import access, services
from portal.accounts.forms import AcceptInvitationForm, InviteClientForm
from portal.accounts.models import User


@access.require(access.can_invite_clients)
def invitations(request):
    form = InviteClientForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        services.invite_client(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["language"],
            by=request.user,
        )
        messages.success(
            request,
            _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("staff:invitations")
    sent = access.visible_invitations(request.user)[:100]
    return render(request, "portal/invitations/list.html", {"form": form, "invitations": sent})


@require_POST
@access.require(access.can_invite_clients)
def resend(request, invitation_uuid):
    """A new link for an invitation the user may see; the link sent before stops working."""
    invitation = get_object_or_404(access.visible_invitations(request.user), uuid=invitation_uuid)
    try:
        services.resend_invitation(
            email=invitation.email,
            full_name=invitation.full_name,
            language=invitation.language,
            by=request.user,
        )
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("A new invitation went to %(email)s; the link sent before no longer works.")
            % {"email": invitation.email},
        )
    return redirect("staff:invitations")


INVALID_MESSAGES = {
    "invalid": gettext_lazy(
        "This invitation link is not valid. Please use the link exactly as it arrived in your "
        "email, or ask your legal team to send a new invitation."
    ),
    "expired": gettext_lazy(
        "This invitation has expired. Please ask your legal team to send you a new one."
    ),
    "used": gettext_lazy(
        "This invitation has already been used. If you opened your account, sign in with your "
        "email address."
    ),
    "replaced": gettext_lazy(
        "This invitation was replaced by a newer one. Please use the link in the most recent "
        "email from your legal team."
    ),
    "account_exists": gettext_lazy(
        "An account with this email address already exists. Please sign in instead."
    ),
}


def _invalid(request, reason: str):
    # Lazy texts resolve while rendering, inside the invitation's language.
    reason_text = INVALID_MESSAGES[reason]
    return render(
        request,
        "portal/invitations/invalid.html",
        {"reason": reason, "reason_text": reason_text},
        status=410 if reason in {"expired", "used", "replaced"} else 400,
    )


@never_cache
@sensitive_post_parameters("password1", "password2")
def accept(request, lang: str, token: str):
    """Public: opens the client's account from an emailed link. GET changes nothing."""
    language = lang if lang in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    try:
        invitation, _raw = services.check_invitation(token)
    except services.InvitationError as exc:
        lang_of = exc.invitation.language if exc.invitation else language
        with translation.override(lang_of):
            request.LANGUAGE_CODE = lang_of
            return _invalid(request, exc.reason)
    with translation.override(invitation.language):
        request.LANGUAGE_CODE = invitation.language
        if request.user.is_authenticated:
            return render(request, "portal/invitations/signed_in.html", status=409)
        if User.objects.filter(email__iexact=invitation.email).exists():
            return _invalid(request, "account_exists")
        form = AcceptInvitationForm(
            request.POST or None,
            email=invitation.email,
            initial={"full_name": invitation.full_name},
        )
        if request.method == "POST" and form.is_valid():
            try:
                user = services.accept_invitation(
                    token=token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                    request=request,
                )
            except services.InvitationError as exc:
                return _invalid(request, exc.reason)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready. Welcome!"))
            return redirect("home")
        return render(
            request, "portal/invitations/accept.html", {"form": form, "invitation": invitation}
        )

"""Second-factor enrollment and verification (django-otp devices of our own)."""

import base64
import io
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.pil
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.accounts import access, services
from portal.accounts.forms import CodeForm
from portal.accounts.mfa_models import HashedStaticDevice, SealedTOTPDevice
from portal.accounts.session_keys import MFA_REQUIRED


def _next_url(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def _qr_data_uri(text: str) -> str:
    img = qrcode.make(text, image_factory=qrcode.image.pil.PilImage, box_size=6, border=2)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _complete_second_factor(request, device) -> None:
    django_otp.login(request, device)
    # A new session id once the second factor is proven, like at sign-in.
    request.session.cycle_key()


@never_cache
@login_required
def setup(request):
    user = request.user
    if SealedTOTPDevice.objects.filter(user=user, confirmed=True).exists():
        if user.is_verified():
            messages.info(request, _("Your authenticator app is already set up."))
            return redirect("account_security")
        return redirect(_with_next("mfa_verify", _next_url(request)))
    enrollment = services.start_totp_enrollment(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_totp_enrollment(
            user=user, device=enrollment.device, code=form.cleaned_data["code"], request=request
        )
        if codes is not None:
            enrollment.device.refresh_from_db()
            _complete_second_factor(request, enrollment.device)
            request.session[MFA_REQUIRED] = True
            return render(
                request,
                "portal/mfa/backup_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error(
            "code",
            _("That code did not match. Check the time on your phone and try the newest code."),
        )
    return render(
        request,
        "portal/mfa/setup.html",
        {
            "form": form,
            "qr": _qr_data_uri(enrollment.otpauth_uri),
            "secret_groups": [
                enrollment.secret_b32[i : i + 4] for i in range(0, len(enrollment.secret_b32), 4)
            ],
            "next": _next_url(request),
        },
    )


def _url(name: str) -> str:
    return reverse(name)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@never_cache
@login_required
def verify(request):
    user = request.user
    if not SealedTOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(_with_next("mfa_setup", _next_url(request)))
    if user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.verify_second_factor(
                user=user, code=form.cleaned_data["code"], request=request
            )
        except services.ThrottledError:
            form.add_error("code", _("Too many wrong codes. Wait a few seconds, then try again."))
        else:
            if device is not None:
                _complete_second_factor(request, device)
                if isinstance(device, HashedStaticDevice):
                    messages.warning(
                        request,
                        _(
                            "You used a backup code. %(n)s remain. If you lost your phone, set up the authenticator again from your account page."
                        )
                        % {"n": device.remaining()},
                    )
                return redirect(_next_url(request))
            form.add_error(
                "code",
                _("That code is not right. Try the newest code from your app, or a backup code."),
            )
    return render(request, "portal/mfa/verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def security(request):
    user = request.user
    totp = SealedTOTPDevice.objects.filter(user=user, confirmed=True).first()
    static = HashedStaticDevice.objects.filter(user=user, confirmed=True).first()
    return render(
        request,
        "portal/mfa/security.html",
        {
            "totp": totp,
            "backup_remaining": static.remaining() if static else 0,
            "mfa_required": user.is_firm_staff,
        },
    )


@never_cache
@login_required
@require_POST
@access.require_recent_authentication
def regenerate_backup_codes(request):
    if not request.user.is_verified():
        return redirect(_with_next("mfa_verify", _url("account_security")))
    codes = services.regenerate_backup_codes(user=request.user, request=request)
    return render(
        request, "portal/mfa/backup_codes.html", {"codes": codes, "next": _url("account_security")}
    )


@never_cache
@login_required
@require_POST
@access.require_recent_authentication
def replace_authenticator(request):
    """After a lost phone: signed in with a backup code, set up a new app."""
    if not request.user.is_verified():
        return redirect(_with_next("mfa_verify", _url("account_security")))
    services.remove_authenticator(user=request.user, request=request)
    return redirect(_with_next("mfa_setup", _url("account_security")))

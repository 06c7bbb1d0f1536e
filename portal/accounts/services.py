"""Business operations of the portal app: invitations and second factors."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote, urlencode

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import record
from portal.accounts import hooks
from portal.accounts.mfa_models import HashedStaticDevice, SealedTOTPDevice
from portal.accounts.models import Invitation, Role, User
from portal.accounts.notifications import notify

INVITE_SALT = "portal.invitation"


class InvitationError(Exception):
    """Why an invitation link cannot be used; ``reason`` picks the message shown."""

    def __init__(self, reason: str, invitation: Invitation | None = None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def invitation_url(invitation: Invitation, raw_token: str) -> str:
    token = signing.dumps([str(invitation.uuid), raw_token], salt=INVITE_SALT)
    path = reverse("invitation_accept", kwargs={"lang": invitation.language, "token": token})
    return f"{settings.SITE_URL}{path}"


def photo_guide_url(language: str) -> str:
    """The public photo guide, opened in the invitation's language (see ``views.help``)."""
    path = reverse("photo_guide")
    return f"{settings.SITE_URL}{path}?{urlencode({'lang': language})}"


def invite_client(*, email: str, full_name: str, language: str, by: User) -> Invitation:
    """Create an invitation, replace any pending one for the address, and email it."""
    email = User.objects.normalize_email(email)
    raw = secrets.token_urlsafe(32)  # 256 bits; only its hash is stored
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(email__iexact=email, status=Invitation.Status.PENDING).update(
            status=Invitation.Status.REVOKED
        )
        invitation = Invitation.objects.create(
            email=email,
            full_name=full_name,
            language=language,
            invited_by=by,
            token_hash=_hash_token(raw),
            created_at=now,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        record(
            "invitation.sent",
            actor=by,
            subject=invitation,
            data={"email": email, "language": language},
        )
        url = invitation_url(invitation, raw)
        transaction.on_commit(
            lambda: notify(
                template="invitation",
                email=email,
                language=language,
                context={
                    "full_name": full_name,
                    "url": url,
                    "guide_url": photo_guide_url(language),
                    "expires_at": invitation.expires_at,
                    "inviter": by.get_full_name(),
                },
            )
        )
    return invitation


def resend_invitation(
    *, email: str, by: User, full_name: str = "", language: str = ""
) -> Invitation:
    """A new invitation link for a client who has not opened their account; the link sent
    before stops working ("replaced by a newer invitation"). The name and language are the
    last invitation's unless given."""
    email = User.objects.normalize_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s already has an account: they can sign in, or reset their password.")
            % {"email": email}
        )
    last = Invitation.objects.filter(email__iexact=email).order_by("-created_at").first()
    full_name = full_name or (last.full_name if last else "")
    language = language or (last.language if last else settings.LANGUAGE_CODE)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose English or Spanish."))
    with transaction.atomic():
        invitation = invite_client(email=email, full_name=full_name, language=language, by=by)
        record(
            "invitation.resent",
            actor=by,
            subject=invitation,
            data={"email": email, "replaces": str(last.uuid) if last else None},
        )
    return invitation


def check_invitation(token: str) -> tuple[Invitation, str]:
    """The invitation a link points at, or ``InvitationError`` saying why not."""
    try:
        invitation_id, raw = signing.loads(token, salt=INVITE_SALT)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvitationError("invalid") from exc
    invitation = Invitation.objects.filter(uuid=invitation_id).first()
    if invitation is None or not hmac.compare_digest(invitation.token_hash, _hash_token(raw)):
        raise InvitationError("invalid")
    if invitation.status == Invitation.Status.ACCEPTED:
        raise InvitationError("used", invitation)
    if invitation.status == Invitation.Status.REVOKED:
        raise InvitationError("replaced", invitation)
    if invitation.is_expired:
        raise InvitationError("expired", invitation)
    return invitation, raw


def accept_invitation(*, token: str, full_name: str, password: str, request=None) -> User:
    """Open the client's account from a valid invitation. Single use, even when raced."""
    invitation, _raw = check_invitation(token)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationError("account_exists", invitation)
    try:
        return _open_account(invitation, full_name=full_name, password=password, request=request)
    except IntegrityError as exc:
        # An account for this address appeared between our check and the insert.
        raise InvitationError("account_exists", invitation) from exc


def _open_account(invitation: Invitation, *, full_name: str, password: str, request) -> User:
    with transaction.atomic():
        now = timezone.now()
        claimed = Invitation.objects.filter(
            pk=invitation.pk, status=Invitation.Status.PENDING, expires_at__gt=now
        ).update(status=Invitation.Status.ACCEPTED, accepted_at=now)
        if not claimed:
            # Someone else used it between our check and now.
            raise InvitationError("used", invitation)
        user = User.objects.create_user(
            invitation.email,
            password,
            full_name=full_name,
            kind=User.Kind.CLIENT,
            preferred_language=invitation.language,
        )
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        Invitation.objects.filter(pk=invitation.pk).update(accepted_user=user)
        # The apps above react (matters: the matters this client was invited to become theirs).
        hooks.account_opened(user)
        record("invitation.accepted", actor=user, subject=invitation, request=request)
    return user


# Staff accounts -------------------------------------------------------------------


def staff_ids() -> QuerySet:
    """Ids of the firm's staff accounts (audit's off-hours rule judges staff only)."""
    return User.objects.filter(kind=User.Kind.STAFF).values_list("pk", flat=True)


def set_roles(*, user: User, roles: list[str], by: User | None) -> None:
    with transaction.atomic():
        user.groups.set(Group.objects.filter(name__in=roles))
        user.__dict__.pop("_roles_cache", None)
        record("staff.roles_changed", actor=by, subject=user, data={"roles": sorted(roles)})


def ensure_role_groups() -> None:
    for role in Role.values:
        Group.objects.get_or_create(name=role)


# Second factors ------------------------------------------------------------------


@dataclass
class Enrollment:
    device: SealedTOTPDevice
    otpauth_uri: str
    secret_b32: str


def start_totp_enrollment(*, user: User) -> Enrollment:
    """Reuse the pending (unconfirmed) device so reloading the page keeps one QR code."""
    device = SealedTOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = SealedTOTPDevice.create_for(user)
    secret_b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    label = quote(f"{settings.FIRM_NAME}:{user.email}")
    query = urlencode({"secret": secret_b32, "issuer": settings.FIRM_NAME, "digits": 6})
    return Enrollment(device, f"otpauth://totp/{label}?{query}", secret_b32)


def confirm_totp_enrollment(*, user: User, device: SealedTOTPDevice, code: str, request=None):
    """Confirm the device with a first code; returns the new backup codes, or None."""
    if device.user_id != user.pk or device.confirmed:
        return None
    if not device.verify_token(code):
        record("mfa.enrollment_failed", actor=user, subject=user, request=request)
        return None
    with transaction.atomic():
        SealedTOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        static, _ = HashedStaticDevice.objects.get_or_create(
            user=user, defaults={"name": "Backup codes", "confirmed": True}
        )
        codes = static.regenerate()
        record("mfa.enrolled", actor=user, subject=user, request=request)
    return codes


def regenerate_backup_codes(*, user: User, request=None) -> list[str]:
    with transaction.atomic():
        static, _ = HashedStaticDevice.objects.get_or_create(
            user=user, defaults={"name": "Backup codes", "confirmed": True}
        )
        codes = static.regenerate()
        record("mfa.backup_codes_regenerated", actor=user, subject=user, request=request)
    return codes


def remove_authenticator(*, user: User, request=None) -> None:
    with transaction.atomic():
        SealedTOTPDevice.objects.filter(user=user).delete()
        record("mfa.authenticator_removed", actor=user, subject=user, request=request)


class ThrottledError(Exception):
    pass


def verify_second_factor(*, user: User, code: str, request=None):
    """The device that accepts ``code`` (authenticator first, then a backup code)."""
    totp = SealedTOTPDevice.objects.filter(user=user, confirmed=True).first()
    static = HashedStaticDevice.objects.filter(user=user, confirmed=True).first()
    devices = [d for d in (totp, static) if d is not None]
    if any(not d.verify_is_allowed()[0] for d in devices):
        record("mfa.throttled", actor=user, subject=user, request=request)
        raise ThrottledError
    code = (code or "").strip()
    for device in devices:
        if device.verify_token(code):
            method = "totp" if device is totp else "backup_code"
            record(
                "mfa.verified", actor=user, subject=user, request=request, data={"method": method}
            )
            return device
    record("mfa.failed", actor=user, subject=user, request=request)
    return None

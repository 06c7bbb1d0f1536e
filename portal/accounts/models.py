from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Group, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The MFA device models live in their own module; import them so Django sees them.
from portal.accounts.mfa_models import BackupCode, HashedStaticDevice, SealedTOTPDevice  # noqa: F401


class Role(models.TextChoices):
    """Firm roles. Each is a Django group of the same name; a person may hold several."""

    INTAKE = "Intake", _("Intake")
    PARALEGAL = "Paralegal", _("Paralegal")
    ATTORNEY = "Attorney", _("Attorney")
    BILLING = "Billing", _("Billing")
    ADMIN = "Admin", _("Admin")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(kind=User.Kind.STAFF, is_superuser=True)
        user = self.create_user(email, password, **fields)
        user.groups.add(Group.objects.get(name=Role.ADMIN))
        return user


class User(AbstractBaseUser, PermissionsMixin):
    class Kind(models.TextChoices):
        CLIENT = "client", _("Client")
        STAFF = "staff", _("Firm staff")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CLIENT)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    phone = models.CharField(_("mobile phone"), max_length=32, blank=True)
    # Reminders: texts only with consent; quiet hours in the person's own time zone.
    sms_opt_in = models.BooleanField(_("reminders by text message too"), default=False)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = User.objects.normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    # Roles -------------------------------------------------------------------
    @property
    def roles(self) -> frozenset[str]:
        if not hasattr(self, "_roles_cache"):
            if self.pk is None or self.kind != self.Kind.STAFF:
                self._roles_cache: frozenset[str] = frozenset()
            else:
                self._roles_cache = frozenset(self.groups.values_list("name", flat=True))
        return self._roles_cache

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_firm_staff(self) -> bool:
        return self.kind == self.Kind.STAFF

    @property
    def is_staff(self) -> bool:
        """Django admin's gate: the Admin role (after MFA, which middleware enforces)."""
        return self.is_active and self.has_role(Role.ADMIN)

    def has_perm(self, perm, obj=None) -> bool:
        if self.is_staff:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        if self.is_staff:
            return True
        return super().has_module_perms(app_label)


class Invitation(models.Model):
    """A signed, single-use, expiring invitation for a client to open an account."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Replaced by a newer invitation")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("full name"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account opened"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(Lower("email"), name="invitation_email_ci")]

    def __str__(self) -> str:
        return self.email

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

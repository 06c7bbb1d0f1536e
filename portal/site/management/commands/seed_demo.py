import base64

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from billing.demo import seed_invoices
from matters.demo import seed_matters
from portal.accounts.mfa_models import SealedTOTPDevice
from portal.accounts.models import Role, User
from portal.accounts.services import ensure_role_groups, set_roles

PASSWORD = "demo-portal-2026"  # noqa: S105  (demo only; the command refuses without DEBUG)
TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105

PEOPLE = [
    ("client@demo.test", "Maria Client", User.Kind.CLIENT, []),
    ("intake@demo.test", "Ivan Intake", User.Kind.STAFF, [Role.INTAKE]),
    ("paralegal@demo.test", "Paula Paralegal", User.Kind.STAFF, [Role.PARALEGAL]),
    ("attorney@demo.test", "Alicia Attorney", User.Kind.STAFF, [Role.ATTORNEY]),
    ("billing@demo.test", "Bruno Billing", User.Kind.STAFF, [Role.BILLING]),
    ("admin@demo.test", "Ada Admin", User.Kind.STAFF, [Role.ADMIN]),
]


class Command(BaseCommand):
    help = "Create the demo firm's users (DEBUG only). Safe to run again."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo creates known passwords; it runs only with DEBUG=1.")
        key = base64.b32decode(TOTP_SECRET)
        with transaction.atomic():
            ensure_role_groups()
            for email, name, kind, roles in PEOPLE:
                user = User.objects.filter(email__iexact=email).first()
                if user is None:
                    user = User.objects.create_user(email, PASSWORD, full_name=name, kind=kind)
                else:
                    user.set_password(PASSWORD)
                    user.full_name, user.kind, user.is_active = name, kind, True
                    user.save()
                EmailAddress.objects.update_or_create(
                    user=user, email=email, defaults={"primary": True, "verified": True}
                )
                if kind == User.Kind.STAFF:
                    set_roles(user=user, roles=roles, by=None)
                    SealedTOTPDevice.objects.filter(user=user).delete()
                    SealedTOTPDevice.create_for(user, key=key, confirmed=True)

            people = {u.email: u for u in User.objects.filter(email__endswith="@demo.test")}
            made = seed_matters(
                client=people["client@demo.test"],
                intake_user=people["intake@demo.test"],
                paralegal=people["paralegal@demo.test"],
                attorney=people["attorney@demo.test"],
            )

            invoices = seed_invoices(
                client=people["client@demo.test"], billing=people["billing@demo.test"]
            )
        self.stdout.write(f"Demo firm: {settings.FIRM_NAME}")
        if invoices:
            self.stdout.write(f"Demo invoices for client@demo.test: {invoices}")
        if made:
            self.stdout.write(f"Demo matters opened for client@demo.test: {made}")
        self.stdout.write(f"Every demo user's password: {PASSWORD}")
        self.stdout.write(
            f"Staff authenticator key (TOTP, demo only): {TOTP_SECRET}  "
            "(e.g. `oathtool --totp -b JBSWY3DPEHPK3PXP`)"
        )
        for email, _name, _kind, roles in PEOPLE:
            label = ", ".join(roles) if roles else "client"
            self.stdout.write(f"  {email:<22} {label}")

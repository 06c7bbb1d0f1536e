from django.core.management.base import BaseCommand

from portal.accounts.crypto import rotate_sealed
from uploads import vault
from uploads.services.storage import rotate_keys


class Command(BaseCommand):
    help = (
        "Re-wrap every document's data key, and re-seal every sealed secret, under the newest "
        "key of PORTAL_KEYS (document content untouched)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=200)

    def handle(self, *args, batch, **options):
        n = rotate_keys(batch=batch)
        sealed = rotate_sealed(batch=batch)
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-wrapped {n} data keys and re-sealed {sealed} secrets (authenticator "
                f"seeds, sensitive answers) under {vault.current_key_id()!r}."
            )
        )

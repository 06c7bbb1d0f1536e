from django.core.management.base import BaseCommand

from uploads import vault
from uploads.services import rotate_keys


class Command(BaseCommand):
    help = (
        "Re-wrap every document's data key under the newest key of PORTAL_KEYS (content untouched)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=200)

    def handle(self, *args, batch, **options):
        n = rotate_keys(batch=batch)
        self.stdout.write(
            self.style.SUCCESS(f"Re-wrapped {n} data keys under {vault.current_key_id()!r}.")
        )

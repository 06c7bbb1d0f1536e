from django.core.management.base import BaseCommand, CommandError

from uploads.services.storage import verify_all


class Command(BaseCommand):
    help = "Decrypt every document and check its SHA-256; name each one that fails."

    def handle(self, *args, **options):
        failures = verify_all()
        for document, error in failures:
            self.stderr.write(f"{document.uuid} ({document.display_name}): {error}")
        if failures:
            raise CommandError(f"{len(failures)} documents failed verification.")
        self.stdout.write(self.style.SUCCESS("Every document opened and matched its checksum."))

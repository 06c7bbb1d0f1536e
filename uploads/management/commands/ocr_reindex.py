from django.core.management.base import BaseCommand

from uploads.services.ocr_jobs import reindex_search


class Command(BaseCommand):
    help = "Rebuild the document search index (keyed word hashes), e.g. after a SECRET_KEY change."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=200)

    def handle(self, *args, batch, **options):
        n = reindex_search(batch=batch)
        self.stdout.write(self.style.SUCCESS(f"Re-indexed {n} documents."))

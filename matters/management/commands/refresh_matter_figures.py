from django.core.management.base import BaseCommand

from matters.services import refresh_all_figures


class Command(BaseCommand):
    help = "Recount every matter's missing documents and next due dates (after bulk edits)."

    def handle(self, *args, **options):
        n = refresh_all_figures()
        self.stdout.write(self.style.SUCCESS(f"Recounted {n} matters."))

from django.core.management.base import BaseCommand

from audit import retention


class Command(BaseCommand):
    help = (
        "Apply the retention policies: destroy or archive what is due (legal holds excepted). "
        "With --dry-run, list what would go and why, and change nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run, **options):
        verb = "would be" if dry_run else "was"
        count = 0
        for item in retention.run_iter(dry_run=dry_run):
            count += 1
            action = item.policy.get_action_display().lower()
            self.stdout.write(
                f"{item.kind} {item.label!r} {verb} {action}ed under “{item.policy.name}” ({item.why})"
            )
        self.stdout.write(self.style.SUCCESS(f"{count} item(s) {'due' if dry_run else 'done'}."))

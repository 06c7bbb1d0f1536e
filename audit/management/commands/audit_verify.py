from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.chain import verify
from audit.models import Checkpoint, Event


class Command(BaseCommand):
    # django-stubs types help as str; argparse renders lazy text in the active language.
    help = gettext_lazy(  # type: ignore[assignment]
        "Walk the event log's hash chain from the latest checkpoint (checking every "
        "checkpoint's signature and link) and name the first row that does not fit."
    )

    def handle(self, *args, **options):
        verdict = verify(
            Event.objects.order_by("seq").iterator(chunk_size=2000),
            Checkpoint.objects.order_by("up_to_seq"),
        )
        if not verdict.ok:
            if verdict.broken_seq is None and verdict.broken_checkpoint is not None:
                raise CommandError(
                    _("Audit checkpoint up to event #%(seq)s does not verify: %(reason)s.")
                    % {"seq": verdict.broken_checkpoint, "reason": verdict.reason}
                )
            raise CommandError(
                _(
                    "Audit chain broken at event #%(seq)s: %(reason)s "
                    "(%(checked)s events verified before it)."
                )
                % {"seq": verdict.broken_seq, "reason": verdict.reason, "checked": verdict.checked}
            )
        if verdict.checkpoints:
            message = _(
                "Audit chain intact: %(checked)s events, from event #%(first)s after "
                "%(n)s signed checkpoint(s)."
            ) % {
                "checked": verdict.checked,
                "first": verdict.start_after + 1,
                "n": verdict.checkpoints,
            }
        else:
            message = _("Audit chain intact: %(checked)s events.") % {"checked": verdict.checked}
        self.stdout.write(self.style.SUCCESS(message))

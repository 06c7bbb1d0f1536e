from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from audit import history, kinds, messages
from matters.events import KINDS
from matters.messages import MESSAGES
from portal.accounts import crypto


class MattersConfig(AppConfig):
    name = "matters"
    verbose_name = _("Matters")

    def ready(self) -> None:
        # App registry: these modules define or use models, importable once apps are ready.
        from matters import retention
        from matters.intake import change_purpose
        from matters.services import answers_purpose

        kinds.register(KINDS)
        messages.register(MESSAGES)
        Matter = self.get_model("Matter")
        AnswerChange = self.get_model("AnswerChange")
        history.track(self.get_model("CaseType"))
        history.track(Matter, exclude_fields=["answers", "sealed_answers"])
        history.track(self.get_model("DocumentRequest"))
        history.track(self.get_model("Task"))
        crypto.register_sealed(Matter.objects.all, "sealed_answers", answers_purpose)
        crypto.register_sealed(
            lambda: AnswerChange.objects.select_related("matter"),
            "sealed_values",
            lambda c: change_purpose(c.matter),
        )
        retention.register()

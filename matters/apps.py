from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from audit import history, kinds, messages, retention_kinds
from matters import unaccent
from matters.events import KINDS
from matters.messages import MESSAGES
from portal.accounts import crypto, hooks


class MattersConfig(AppConfig):
    name = "matters"
    verbose_name = _("Matters")

    def ready(self) -> None:
        kinds.register(KINDS)
        messages.register(MESSAGES)
        # The embedded SQLite set-up gets the unaccent() that PostgreSQL's extension gives.
        unaccent.connect()
        for model, options in (
            ("CaseType", {}),
            ("Matter", {"exclude_fields": ["answers", "sealed_answers"]}),
            ("DocumentRequest", {}),
            ("Task", {}),
        ):
            history.track(self.get_model(model), **options)
        crypto.register_sealed(
            "matters.Matter", "sealed_answers", "matters.services.answers_purpose"
        )
        crypto.register_sealed(
            "matters.AnswerChange",
            "sealed_values",
            "matters.intake.change_purpose_of",
            select_related=("matter",),
        )
        retention_kinds.register(
            retention_kinds.RecordKind(
                key="intake_answers",
                label=_("Intake answers"),
                triggers={"matter_closed": _("Matter closed")},
                handler="matters.retention",
            )
        )
        # A client who opens their account from an invitation becomes their matters' contact.
        hooks.on_account_opened("matters.services.attach_contacts")

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from matters import bilingual
from matters.models import CaseType, ContactRole, Matter
from matters.questionnaire import text
from matters.search import MAX_LENGTH as MAX_SEARCH
from portal.accounts.models import Role, User


def staff_with_role(*roles):
    return (
        User.objects.filter(kind=User.Kind.STAFF, is_active=True, groups__name__in=roles)
        .distinct()
        .order_by("full_name", "email")
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MatterCreateForm(forms.Form):
    case_type = forms.ModelChoiceField(
        label=_("Case type"), queryset=CaseType.objects.filter(active=True)
    )
    client_name = forms.CharField(label=_("Client's full name"), max_length=200)
    client_email = forms.EmailField(label=_("Client's email address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Client's part in the case"), choices=ContactRole.choices, initial="beneficiary"
    )
    language = forms.ChoiceField(
        label=_("Client's language"),
        choices=settings.LANGUAGES,
        help_text=_("The invitation, the questionnaire and reminders will be in this language."),
    )
    attorney = forms.ModelChoiceField(
        label=_("Responsible attorney"), queryset=User.objects.none(), required=False
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("Also assign"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attorney"].queryset = staff_with_role(Role.ATTORNEY)
        self.fields["staff"].queryset = staff_with_role(Role.INTAKE, Role.PARALEGAL, Role.ATTORNEY)

    def clean_client_email(self):
        email = User.objects.normalize_email(self.cleaned_data["client_email"])
        if User.objects.filter(email__iexact=email, kind=User.Kind.STAFF).exists():
            raise forms.ValidationError(_("This address belongs to a member of the firm."))
        return email


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"))

    def __init__(self, *args, matter: Matter, **kwargs):
        super().__init__(*args, **kwargs)
        stage = self.fields["stage"]
        assert isinstance(stage, forms.ChoiceField)
        stage.choices = [(s["key"], text(s["label"])) for s in matter.case_type.stages]
        self.fields["stage"].initial = matter.stage


class DatesForm(forms.ModelForm):
    class Meta:
        model = Matter
        fields = [
            "priority_date",
            "target_filing_date",
            "filing_date",
            "biometrics_date",
            "interview_date",
            "form_numbers",
        ]
        widgets = {f: DateInput() for f in fields[:5]}


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("New note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dated and signed with your name when saved; a note is never changed."),
    )

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\x00", "").strip()
        if not body:
            raise forms.ValidationError(_("Write the note first."))
        return body


class TeamForm(forms.Form):
    attorney = forms.ModelChoiceField(
        label=_("Responsible attorney"), queryset=User.objects.none(), required=False
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("Assigned staff"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Open tasks of anyone taken off the matter go to whoever takes their role on it."
        ),
    )

    def __init__(self, *args, matter: Matter, **kwargs):
        if "initial" not in kwargs:
            kwargs["initial"] = {
                "attorney": matter.responsible_attorney_id,
                "staff": list(matter.staff.all()),
            }
        super().__init__(*args, **kwargs)
        attorney = cast(forms.ModelChoiceField, self.fields["attorney"])
        attorney.queryset = staff_with_role(Role.ATTORNEY)
        members = cast(forms.ModelMultipleChoiceField, self.fields["staff"])
        members.queryset = staff_with_role(Role.INTAKE, Role.PARALEGAL, Role.ATTORNEY)


class InviteForm(forms.Form):
    """Send (again) the invitation of one of the matter's clients."""

    email = forms.EmailField(widget=forms.HiddenInput, max_length=254)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class ReceiptForm(forms.Form):
    number = forms.CharField(
        label=_("Receipt number"),
        max_length=20,
        help_text=_("Three letters and ten digits, for example IOE0123456789."),
    )
    form = forms.CharField(label=_("Form"), max_length=20, required=False)
    received_on = forms.DateField(label=_("Notice date"), required=False, widget=DateInput())


class RfeForm(forms.Form):
    notice_date = forms.DateField(label=_("RFE notice date"), widget=DateInput())
    due_date = forms.DateField(
        label=_("Response due"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to use 84 days from the notice plus 3 days for mailing."),
    )
    items = forms.CharField(
        label=_("Evidence USCIS asks for (English)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One item per line; each becomes a document request for the client."),
    )
    items_es = forms.CharField(
        label=_("The same items in Spanish"),
        widget=forms.Textarea(attrs={"rows": 4, "lang": "es"}),
        required=False,
        help_text=_(
            "Optional: one per line, in the same order. A Spanish-speaking client sees the "
            "English text, marked as not translated, for any item left out."
        ),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self):
        data = super().clean()
        try:
            data["titles"] = bilingual.lines(data.get("items", ""), data.get("items_es", ""))
        except ValueError as exc:
            self.add_error("items_es", str(exc))
        if (
            data.get("due_date")
            and data.get("notice_date")
            and data["due_date"] < data["notice_date"]
        ):
            self.add_error("due_date", _("The response is due after the notice date."))
        return data


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    assignee = forms.ModelChoiceField(
        label=_("Assignee"), queryset=User.objects.none(), required=False
    )
    due_date = forms.DateField(label=_("Due"), required=False, widget=DateInput())

    def __init__(self, *args, matter: Matter, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [*matter.staff.values_list("pk", flat=True), matter.responsible_attorney_id]
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = User.objects.filter(pk__in=[i for i in ids if i])


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong, in English (the client will read this)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason_es = forms.CharField(
        label=_("The same in Spanish"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "es"}),
        help_text=_(
            "Write at least one. The client reads their language, or the other one "
            "marked as not translated."
        ),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("reason") or "").strip() and not (data.get("reason_es") or "").strip():
            raise forms.ValidationError(_("Write a reason the client can act on."))
        return data


class RequestForm(forms.Form):
    """A document staff ask for beyond the checklist, in one language or both."""

    PARTS = [
        ("", _("One document (one page or several)")),
        ("front,back", _("Front and back (one photo of each side)")),
    ]
    title_en = forms.CharField(label=_("Document, in English"), max_length=200, required=False)
    title_es = forms.CharField(
        label=_("Document, in Spanish"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"lang": "es"}),
    )
    why_en = forms.CharField(
        label=_("Why it is needed, in English"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    why_es = forms.CharField(
        label=_("Why it is needed, in Spanish"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "es"}),
    )
    parts = forms.ChoiceField(label=_("Files"), choices=PARTS, required=False)
    audience = forms.ChoiceField(label=_("Addressed to"), choices=ContactRole.choices)
    due_date = forms.DateField(label=_("Due"), required=False, widget=DateInput())

    def __init__(self, *args, matter: Matter, **kwargs):
        super().__init__(*args, **kwargs)
        roles = dict(ContactRole.choices)
        present = list(dict.fromkeys(matter.contacts.values_list("role", flat=True)))
        audience = cast(forms.ChoiceField, self.fields["audience"])
        audience.choices = [(r, roles[r]) for r in present if r in roles] or list(
            ContactRole.choices
        )

    def clean(self):
        data = super().clean()
        if not (data.get("title_en") or "").strip() and not (data.get("title_es") or "").strip():
            raise forms.ValidationError(_("Give the document a title in either language."))
        data["parts"] = [p for p in (data.get("parts") or "").split(",") if p]
        return data


class MatterFilterForm(forms.Form):
    SORTS = [
        ("-updated_at", _("Recently updated")),
        ("next_due", _("Next due date")),
        ("pk", _("Oldest first")),
        ("-pk", _("Newest first")),
    ]
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_SEARCH,
        help_text=_(
            "A client's name or email, a matter, receipt or invoice number, or a case type."
        ),
        error_messages={
            "max_length": _(
                "A search can be at most %(limit_value)d characters long (it has "
                "%(show_value)d): try a name, a matter number or a receipt number."
            )
        },
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    case_type = forms.ModelChoiceField(
        label=_("Case type"), queryset=CaseType.objects.all(), required=False
    )
    assignee = forms.ModelChoiceField(
        label=_("Assignee"), queryset=User.objects.none(), required=False
    )
    missing = forms.BooleanField(label=_("Missing documents"), required=False)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_with_role(
            Role.INTAKE, Role.PARALEGAL, Role.ATTORNEY
        )

        stages: dict[str, str] = {}
        for stage_list in CaseType.objects.values_list("stages", flat=True):
            for st in stage_list:
                stages.setdefault(st["key"], text(st["label"]))
        self.fields["stage"].choices = [("", "—"), *stages.items()]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
    send_invitations = forms.BooleanField(
        label=_("Invite each new client by email, in the language of their row"),
        help_text=_(
            "Leave unticked to import quietly and invite clients later from each matter's page."
        ),
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("Import now (leave unticked for a dry run that only checks the file)"),
        required=False,
    )

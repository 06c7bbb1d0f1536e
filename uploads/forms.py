"""Forms of the uploads app: staff confirming the fields read from a document."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries.fields import CountryField


class FieldsForm(forms.Form):
    family_name = forms.CharField(label=gettext_lazy("Family name"), required=False, max_length=100)
    given_name = forms.CharField(label=gettext_lazy("Given name"), required=False, max_length=100)
    middle_name = forms.CharField(
        label=gettext_lazy("Middle names"), required=False, max_length=100
    )
    date_of_birth = forms.DateField(label=gettext_lazy("Date of birth"), required=False)
    country_of_citizenship = CountryField(blank=True).formfield(
        label=gettext_lazy("Nationality"), required=False
    )
    passport_number = forms.CharField(
        label=gettext_lazy("Passport number"), required=False, max_length=20
    )
    passport_country = CountryField(blank=True).formfield(
        label=gettext_lazy("Issuing country"), required=False
    )
    passport_expiration = forms.DateField(
        label=gettext_lazy("Passport expiration date"), required=False
    )
    reference = forms.DateField(
        label=gettext_lazy("Check that the passport is valid on"),
        required=False,
        help_text=gettext_lazy(
            "A task is opened when the passport expires within six months of this date "
            "(for example the filing or interview date), or has already expired."
        ),
    )

    def clean_passport_number(self):
        value = self.cleaned_data["passport_number"].upper().replace(" ", "")
        if value and not value.isalnum():
            raise forms.ValidationError(_("Letters and digits only."))
        return value

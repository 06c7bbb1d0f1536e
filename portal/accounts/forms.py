from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from portal.accounts import phones
from portal.accounts.models import User


class InviteClientForm(forms.Form):
    full_name = forms.CharField(label=_("Client's full name"), max_length=200)
    email = forms.EmailField(label=_("Client's email address"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        help_text=_("The email and the sign-up page will be in this language."),
    )

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None and existing.is_firm_staff:
            raise forms.ValidationError(_("This address belongs to a member of the firm."))
        return email


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. A few words you will remember work well."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif p1:
            try:
                password_validation.validate_password(
                    p1, User(email=self.email, full_name=data.get("full_name", ""))
                )
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "none"}
        ),
    )


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form without the "Forgot your password?" link inside the
    password's help text, where it came between the email and the password fields for
    keyboard users; the page puts it after the Sign in button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


class PhoneField(forms.CharField):
    """A form field that cleans to E.164 and shows a stored number readably."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", phones.MAX_LENGTH)
        super().__init__(**kwargs)
        self.widget.attrs.update({"type": "tel", "autocomplete": "tel", "inputmode": "tel"})

    def prepare_value(self, value):
        return phones.display(value) if isinstance(value, str) and value.startswith("+") else value

    def to_python(self, value):
        return phones.normalize(super().to_python(value))

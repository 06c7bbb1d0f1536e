"""The client's side of reminders: one-click links, history and preferences; the
notification templates' preview for Admin."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from audit import record
from matters import reminders
from matters.models import DocumentRequest, Reminder
from portal.accounts import access, zones
from portal.accounts.forms import PhoneField


@never_cache
def reminder_link(request, token):
    """A link from a reminder: to the right upload page, after signing in if need be."""
    data = reminders.read_link(token)
    if data is None:
        return render(request, "matters/client/reminder_link_invalid.html", status=410)
    req = DocumentRequest.objects.filter(uuid=data["r"]).select_related("matter").first()
    if req is None:
        raise Http404
    target = reverse("document_upload", args=[req.matter.uuid, req.uuid])
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.pk != data["u"]:
        record("access.denied", request=request, data={"reminder_link": str(req.uuid)})
        raise Http404
    if req.status not in reminders.OPEN:
        messages.info(request, _("This document was already sent. Thank you."))
        return redirect("client_matter", matter_uuid=req.matter.uuid)
    return redirect(target)


class PreferencesForm(forms.Form):
    preferred_language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=settings.LANGUAGES
    )
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Your time zone"),
        required=False,
        help_text=gettext_lazy("Pick the one whose time is the time on your phone."),
    )
    sms_opt_in = forms.BooleanField(
        label=gettext_lazy("Also send me text messages"), required=False
    )
    phone = PhoneField(
        label=gettext_lazy("Mobile phone"),
        required=False,
        help_text=gettext_lazy("With the area code, for example (212) 555-0100."),
    )

    def __init__(self, *args, current_zone: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Readable names, each with the time there now; never "America/New_York".
        time_zone = cast(forms.ChoiceField, self.fields["time_zone"])
        time_zone.choices = zones.choices(current_zone)

    def clean(self):
        data = super().clean()
        if data.get("sms_opt_in") and not (data.get("phone") or "").strip():
            self.add_error("phone", _("Enter a mobile phone number to get text messages."))
        if data.get("time_zone") and not zones.is_valid(data["time_zone"]):
            self.add_error("time_zone", _("Choose a time zone from the list."))
        return data


@never_cache
@access.require(access.is_client)
def reminder_preferences(request):
    user = request.user
    form = PreferencesForm(
        request.POST or None,
        current_zone=user.time_zone,
        initial={
            "preferred_language": user.preferred_language,
            "time_zone": user.time_zone,
            "sms_opt_in": user.sms_opt_in,
            "phone": user.phone,
        },
    )
    if request.method == "POST" and form.is_valid():
        for name in ("preferred_language", "time_zone", "sms_opt_in", "phone"):
            setattr(user, name, form.cleaned_data[name])
        user.save(update_fields=["preferred_language", "time_zone", "sms_opt_in", "phone"])
        record(
            "reminders.preferences_changed",
            request=request,
            subject=user,
            data={"sms": user.sms_opt_in},
        )
        messages.success(request, _("Your preferences are saved."))
        return redirect("reminder_preferences")
    history = Reminder.objects.filter(contact__user=user).select_related("matter")[:50]
    return render(
        request,
        "matters/client/reminders.html",
        {"form": form, "history": history},
        status=400 if form.errors else 200,
    )

"""What every staff action on a matter shares: loading it, going back to it, showing errors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect

from matters import access as matter_access
from matters.models import Matter
from portal.accounts import access


def load_for_action(request, matter_uuid, rule=access.can_manage_matters) -> Matter:
    """The matter whose file the user works on, when ``rule`` lets them act; 404 otherwise."""
    if not rule(request.user):
        raise Http404
    return matter_access.load_matter(request.user, matter_uuid)


def back_to_matter(matter: Matter) -> HttpResponseRedirect:
    return redirect("staff:matter", matter_uuid=matter.uuid)


def show_errors(request, form_or_exc) -> None:
    """A form's or a ValidationError's messages, each field's with its label."""
    if isinstance(form_or_exc, ValidationError):
        texts = form_or_exc.messages
    else:
        texts = [
            f"{form_or_exc.fields[f].label}: {' '.join(e)}"
            if f in form_or_exc.fields
            else " ".join(e)
            for f, e in form_or_exc.errors.items()
        ]
    for t in texts:
        messages.error(request, t)

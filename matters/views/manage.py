"""Managing an open matter: who works on it, the case-notes log, the client's invitation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from matters import access as matter_access
from matters import forms, services
from matters.views.common import back_to_matter, load_for_action, show_errors
from portal.accounts import access
from portal.accounts import services as account_services


@require_POST
@access.require(access.can_manage_matters)
def matter_team(request, matter_uuid):
    matter = load_for_action(request, matter_uuid)
    form = forms.TeamForm(request.POST, matter=matter)
    if not form.is_valid():
        show_errors(request, form)
        return back_to_matter(matter)
    try:
        change = services.change_team(
            matter=matter,
            attorney=form.cleaned_data["attorney"],
            staff=list(form.cleaned_data["staff"]),
            by=request.user,
        )
    except ValidationError as exc:
        show_errors(request, exc)
        return back_to_matter(matter)
    if not change.changed:
        messages.info(request, _("Nothing changed."))
        return back_to_matter(matter)
    text = [_("Attorney and staff saved.")]
    for heir in sorted({h.pk: h for _t, h in change.moved}.values(), key=str):
        n = sum(1 for _t, h in change.moved if h.pk == heir.pk)
        text.append(
            ngettext("%(n)s open task moved to %(name)s.", "%(n)s open tasks moved to %(name)s.", n)
            % {"n": n, "name": heir}
        )
    if change.unassigned:
        n = len(change.unassigned)
        text.append(
            ngettext(
                "%(n)s open task now waits for the team, unassigned.",
                "%(n)s open tasks now wait for the team, unassigned.",
                n,
            )
            % {"n": n}
        )
    messages.success(request, " ".join(text))
    if not matter_access.sees_case_file(request.user, matter):
        # Whoever took themselves off the matter no longer sees its file.
        return redirect("staff:matters")
    return back_to_matter(matter)


@require_POST
@access.require(access.can_manage_matters)
def matter_note(request, matter_uuid):
    matter = load_for_action(request, matter_uuid)
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(matter=matter, body=form.cleaned_data["body"], by=request.user)
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Note added to the case notes."))
    else:
        show_errors(request, form)
    return redirect(f"{back_to_matter(matter).url}#notes-heading")


@require_POST
@access.require(access.can_invite_clients)
def matter_invite(request, matter_uuid):
    """Send a client of the matter a new invitation link; the one sent before stops working."""
    matter = load_for_action(request, matter_uuid, rule=access.can_invite_clients)
    form = forms.InviteForm(request.POST)
    contact = (
        matter.contacts.filter(email__iexact=form.data.get("email", ""), user__isnull=True).first()
        if form.is_valid()
        else None
    )
    if contact is None:
        messages.error(request, _("This client already has an account, or is not on the matter."))
        return back_to_matter(matter)
    try:
        account_services.resend_invitation(
            email=contact.email,
            full_name=contact.name,
            language=form.cleaned_data["language"],
            by=request.user,
        )
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(
            request,
            _("A new invitation went to %(email)s; the link sent before no longer works.")
            % {"email": contact.email},
        )
    return back_to_matter(matter)

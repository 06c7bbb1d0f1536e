"""Staff confirm the fields read from a document, then fill the matter's answers with them."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_countries import countries

from audit import record
from matters import services as matter_services
from uploads.models import Document, DocumentText
from uploads.services.ocr_jobs import open_text, seal_payload

# Staff confirm what was read, then fill the matter with it ---------------------------------------

# What the review form offers, in order: intake question keys (of the person the request
# is for) that a passport or identity document answers.
CONFIRM_KEYS = (
    "family_name",
    "given_name",
    "middle_name",
    "date_of_birth",
    "country_of_citizenship",
    "passport_number",
    "passport_country",
    "passport_expiration",
)
ICAO_SPECIAL = {"D": "DE", "GBD": "GB", "GBN": "GB", "GBO": "GB", "GBP": "GB", "GBS": "GB"}


def _alpha2(code: str) -> str:
    code = (code or "").strip("<").upper()
    if code in ICAO_SPECIAL:
        return ICAO_SPECIAL[code]
    try:
        return countries.alpha2(code) or ""
    except (KeyError, ValueError):
        return ""


def proposals(payload: dict) -> dict[str, dict]:
    """For each confirmable key: the proposed value, a confidence and where it came from.

    The machine-readable zone wins where its check digit passed (dates, number);
    names come from it too (no check digit covers names, so they rank below). The
    visual zone's fields fill what the zone lacks, with their own confidence.
    """
    out: dict[str, dict] = {}

    def put(key, value, confidence, source):
        if value and (key not in out or out[key]["confidence"] < confidence):
            out[key] = {"value": value, "confidence": round(confidence, 2), "source": source}

    zone = payload.get("mrz") or {}
    checks = zone.get("checks") or {}
    if zone:
        names = zone.get("given_names", "").split()
        name_conf = 0.85 if zone.get("valid") else 0.5
        put("family_name", zone.get("surname", "").title(), name_conf, "mrz")
        put("given_name", " ".join(names[:1]).title(), name_conf, "mrz")
        put("middle_name", " ".join(names[1:]).title(), name_conf - 0.1, "mrz")
        put(
            "date_of_birth",
            zone.get("birth_date"),
            0.99 if checks.get("birth_date") else 0.4,
            "mrz",
        )
        put(
            "passport_expiration",
            zone.get("expiry_date"),
            0.99 if checks.get("expiry_date") else 0.4,
            "mrz",
        )
        put(
            "passport_number",
            zone.get("document_number"),
            0.99 if checks.get("document_number") else 0.4,
            "mrz",
        )
        conf = 0.9 if zone.get("valid") else 0.5
        put("country_of_citizenship", _alpha2(zone.get("nationality", "")), conf, "mrz")
        put("passport_country", _alpha2(zone.get("issuing_state", "")), conf, "mrz")
    by_name = {f["name"]: f for f in payload.get("fields") or []}
    for key, name in (
        ("family_name", "surname"),
        ("date_of_birth", "birth_date"),
        ("passport_number", "passport_number"),
        ("passport_expiration", "expiry_date"),
    ):
        if name in by_name:
            f = by_name[name]
            put(key, f["value"], f["confidence"], "text")
    return out


def _prefix(document: Document) -> str:
    audience = document.request.audience
    return "" if audience in ("beneficiary", "applicant", "") else f"{audience}_"


def confirm_fields(
    *, document: Document, values: dict[str, str], reference, by, http_request=None
) -> dict:
    """Keep the values staff confirmed (sealed with the text) and check the passport's
    validity against ``reference``, the date staff chose (filing, interview, travel)."""
    row = DocumentText.objects.select_related("document").get(document=document)
    payload = open_text(row)
    confirmed = {k: (values.get(k) or "").strip() for k in CONFIRM_KEYS}
    payload["confirmed"] = confirmed
    with transaction.atomic():
        DocumentText.objects.filter(pk=row.pk).update(
            **seal_payload(document, payload), confirmed_by=by, confirmed_at=timezone.now()
        )
        record(
            "document.fields_confirmed",
            actor=by,
            subject=document,
            request=http_request,
            data={"fields": sorted(k for k, v in confirmed.items() if v)},
        )
        expiry = confirmed.get("passport_expiration")
        task = None
        if expiry and reference:
            task = matter_services.flag_expiring_passport(
                matter=document.request.matter,
                expires=dt.date.fromisoformat(expiry),
                reference=reference,
                by=by,
                source=str(document.uuid),
            )
            if task is not None:
                matter_services.refresh_figures(document.request.matter_id)
    return {"confirmed": confirmed, "expiry_task": task}


def fill_matter(*, document: Document, by, http_request=None) -> list[str]:
    """Copy the confirmed values into the matter's answers for the person the request is for."""
    row = DocumentText.objects.select_related("document").get(document=document)
    confirmed = open_text(row).get("confirmed") or {}
    prefix = _prefix(document)
    values = {f"{prefix}{k}": v for k, v in confirmed.items() if v}
    return matter_services.fill_answers(
        matter=document.request.matter, values=values, by=by, source=str(document.uuid)
    )

"""Time zones as people name them: "Eastern Time (New York)", "Hora del Este (Nueva York)".

Zones are stored as IANA names (``America/New_York``) and never shown that way. The
zones clients of a US immigration firm live in have a translated name; any other valid
zone reads as its city ("Buenos Aires"). Each choice also says what time it is there
now, so a client who does not know their zone's name can pick it by the clock.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NAMES = {
    "America/New_York": gettext_lazy("Eastern Time (New York)"),
    "America/Chicago": gettext_lazy("Central Time (Chicago)"),
    "America/Denver": gettext_lazy("Mountain Time (Denver)"),
    "America/Phoenix": gettext_lazy("Mountain Time, no daylight saving (Phoenix)"),
    "America/Los_Angeles": gettext_lazy("Pacific Time (Los Angeles)"),
    "America/Anchorage": gettext_lazy("Alaska Time (Anchorage)"),
    "Pacific/Honolulu": gettext_lazy("Hawaii Time (Honolulu)"),
    "America/Puerto_Rico": gettext_lazy("Atlantic Time (Puerto Rico)"),
    "America/Mexico_City": gettext_lazy("Central Mexico Time (Mexico City)"),
    "America/Guatemala": gettext_lazy("Guatemala Time"),
    "America/El_Salvador": gettext_lazy("El Salvador Time"),
    "America/Tegucigalpa": gettext_lazy("Honduras Time (Tegucigalpa)"),
    "America/Managua": gettext_lazy("Nicaragua Time (Managua)"),
    "America/Santo_Domingo": gettext_lazy("Dominican Republic Time (Santo Domingo)"),
    "America/Havana": gettext_lazy("Cuba Time (Havana)"),
    "America/Bogota": gettext_lazy("Colombia Time (Bogotá)"),
    "America/Caracas": gettext_lazy("Venezuela Time (Caracas)"),
    "America/Lima": gettext_lazy("Peru Time (Lima)"),
    "Europe/Madrid": gettext_lazy("Spain Time (Madrid)"),
}


def is_valid(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def label(name: str) -> str:
    """A zone's name for people, in the active language."""
    if name in NAMES:
        return str(NAMES[name])
    # Another valid zone: its city, as the IANA name spells it without underscores.
    return name.rsplit("/", 1)[-1].replace("_", " ") if name else ""


def local_time(name: str, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    return formats.time_format(now.astimezone(zoneinfo.ZoneInfo(name)), "TIME_FORMAT")


def label_with_time(name: str, now: dt.datetime | None = None) -> str:
    """ "Eastern Time (New York) · now 3:45 p.m." """
    return _("%(zone)s · now %(time)s") % {"zone": label(name), "time": local_time(name, now)}


def choices(current: str = "") -> list[tuple[str, str]]:
    """Choices for a form: the firm's zone first (as the empty value), then the named
    zones, and the person's current zone if it is another one."""
    now = timezone.now()
    firm = _("The firm's time zone: %(zone)s") % {"zone": label_with_time(settings.TIME_ZONE, now)}
    names = list(NAMES)
    if current and current not in NAMES and is_valid(current):
        names.append(current)
    return [("", firm)] + [(n, label_with_time(n, now)) for n in names]

"""Project-wide checks: migrations match models, Spanish is complete, demo data."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:
        pytest.fail(f"missing migrations:\n{out.getvalue()} ({exc})")


def _po_entries(path: Path):
    """(msgid, [msgstr...], flags) for each entry of a .po file, header excluded; a context
    (``msgctxt``) is in the flags as ``msgctxt=...``."""
    text = path.read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.splitlines() if not ln.startswith("#~")]
        flags = " ".join(ln for ln in lines if ln.startswith("#,"))
        current, parts = None, {}
        for ln in lines:
            m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', ln)
            if m:
                current = m[1]
                parts[current] = m[2]
            elif ln.startswith('"') and current:
                parts[current] += ln[1:-1]
        if parts.get("msgid"):
            if "msgctxt" in parts:
                flags += f" msgctxt={parts['msgctxt']}"
            yield parts["msgid"], [v for k, v in parts.items() if k.startswith("msgstr")], flags


def test_spanish_catalogue_is_complete_and_compiled():
    po = ROOT / "locale/es/LC_MESSAGES/django.po"
    mo = po.with_suffix(".mo")
    assert po.exists() and mo.exists()
    entries = list(_po_entries(po))
    assert len(entries) > 50
    untranslated = [msgid for msgid, strs, _ in entries if not all(strs)]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"
    # The committed .mo must be compiled from this .po: every translation reads back.
    import ast
    import gettext

    with mo.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for msgid, strs, flags in entries:
        source = ast.literal_eval(f'"{msgid}"')
        context = re.search(r"msgctxt=(.*)$", flags)
        read_back = (
            compiled.pgettext(ast.literal_eval(f'"{context[1]}"'), source)
            if context
            else compiled.gettext(source)
        )
        if len(strs) == 1 and read_back != ast.literal_eval(f'"{strs[0]}"'):
            stale.append(source)
    assert not stale, f"recompile the catalogue (make messages): {stale[:5]}"


def test_every_template_string_is_in_the_catalogue():
    """A string added to a template without re-running makemessages fails here."""
    po = ROOT / "locale/es/LC_MESSAGES/django.po"
    known = {msgid for msgid, _, _ in _po_entries(po)}
    missing = []
    for template in (ROOT / "templates").rglob("*"):
        if template.suffix not in {".html", ".txt"}:
            continue
        for m in re.finditer(
            r"""{% (?:translate|trans) (?:"([^"]+)"|'([^']+)')""", template.read_text()
        ):
            text = m[1] or m[2]
            if text not in known:
                missing.append((template.name, text))
    assert not missing, missing


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_refuses_without_debug(settings):
    from portal.accounts.mfa_models import SealedTOTPDevice
    from portal.accounts.models import User

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()

    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.count() == 6
    assert "demo-portal-2026" in out.getvalue() and "admin@demo.test" in out.getvalue()
    admin = User.objects.get(email="admin@demo.test")
    assert admin.check_password("demo-portal-2026") and admin.has_role("Admin")
    import base64

    device = SealedTOTPDevice.objects.get(user=admin, confirmed=True)
    assert device.bin_key == base64.b32decode("JBSWY3DPEHPK3PXP")
    assert User.objects.get(email="client@demo.test").kind == User.Kind.CLIENT
    assert SealedTOTPDevice.objects.count() == 5

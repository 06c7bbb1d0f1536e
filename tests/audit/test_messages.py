"""Stored text is a key with parameters, rendered in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from audit import messages


def test_text_key_shows_typed_text_and_picks_the_language_of_data():
    assert messages.render(messages.TEXT, {"text": "Call Ana"}) == "Call Ana"
    pair = {"text": {"en": "Review the upload", "es": "Revisar el archivo"}}
    with translation.override("es"):
        assert messages.render(messages.TEXT, pair) == "Revisar el archivo"
    with translation.override("en"):
        assert messages.render(messages.TEXT, pair) == "Review the upload"


def test_unknown_key_renders_as_itself_instead_of_failing():
    assert messages.render("gone.app.message", {"x": 1}) == "gone.app.message"


def test_registering_a_key_twice_with_another_message_is_refused():
    messages.register({"tests.once": "Once"})
    with pytest.raises(ValueError, match="registered twice"):
        messages.register({"tests.once": "Twice"})

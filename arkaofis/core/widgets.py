"""Form widgets every screen shares."""

from django import forms
from django.utils.functional import Promise


def code_input(placeholder: str | Promise = "", **attrs: str) -> forms.TextInput:
    """Text input for a code typed or scanned on a phone: no capitalisation or autocorrect."""
    return forms.TextInput(
        attrs={
            "autocapitalize": "characters",
            "autocorrect": "off",
            "spellcheck": "false",
            "autocomplete": "off",
            "placeholder": placeholder,
            **attrs,
        }
    )

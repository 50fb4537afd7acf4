"""WTForms' own messages, routed through this app's catalogs.

WTForms ships translations for only some of our twelve languages (none for ckb, so, ti), so its built-in
messages are translated here like every other string: these markers put them in `messages.pot`, and
`BabelTranslations` makes WTForms look them up through Flask-Babel.
"""

from __future__ import annotations

from flask_babel import get_translations, lazy_gettext, ngettext

_MESSAGES = (
    # Translators: shown when a list choice sent with a form is not one of the offered choices.
    lazy_gettext("Not a valid choice."),
    # Translators: shown when a list choice sent with a form is not one of the offered choices.
    lazy_gettext("Invalid Choice: could not coerce."),
    # Translators: shown when choices sent with a form are not among the offered choices.
    lazy_gettext("Invalid choice(s): one or more data inputs could not be coerced."),
    # Translators: shown when a number field holds something that is not a whole number.
    lazy_gettext("Not a valid integer value."),
    # Translators: shown when a form's list arrives without any choices.
    lazy_gettext("Choices cannot be None."),
)
_PLURAL_MESSAGES = (
    # Translators: %(value)s is what was sent instead of one of the offered choices.
    lambda n: ngettext("'%(value)s' is not a valid choice for this field.",
                       "'%(value)s' are not valid choices for this field.", n),
)


class BabelTranslations:
    """The `gettext`/`ngettext` pair WTForms asks its form meta for."""

    # Unformatted look-ups: WTForms fills in the placeholders itself.
    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)

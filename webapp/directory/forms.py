"""The admins' form for a directory entry. What was typed comes back with the message when something is wrong."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.auth.forms import BaseForm

CHOOSE = _l("Choose one of the options.")
PHONE_CHARACTERS = re.compile(r"\+?[0-9][0-9 ()\-]*")
MIN_PHONE_DIGITS = 3  # 112
MAX_PHONE_DIGITS = 15  # the longest international number


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def phone_href(phone: str) -> str:
    """A tap-to-call link: digits only, and a leading + for an international number (whose "(0)", written
    for callers inside the country, is not dialled)."""
    international = phone.strip().startswith("+")
    if international:
        phone = phone.replace("(0)", "")
    return "tel:" + ("+" if international else "") + "".join(ch for ch in phone if ch.isdigit())


def _phone(form: BaseForm, field: StringField) -> None:
    value = field.data or ""
    digits = sum(ch.isdigit() for ch in value)
    if value and (not PHONE_CHARACTERS.fullmatch(value) or not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS):
        raise ValidationError(_l("Write a phone number with digits, spaces and dashes, such as 019-12 34 56."))


def _website(form: BaseForm, field: StringField) -> None:
    value = field.data or ""
    if not value:
        return
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if (parts is None or parts.scheme != "https" or not host or "." not in host or parts.username or parts.password
            or any(ch.isspace() for ch in value)):
        raise ValidationError(_l("Write a web address that starts with https://, or leave it empty."))


def _text(label, max_length: int, required=None, description=None, check=None):  # noqa: ANN001, ANN202
    """A one-line text, trimmed; optional unless `required` (the message when it is left empty)."""
    validators = [InputRequired(message=required)] if required else [Optional()]
    validators.append(Length(max=max_length, message=_l("Please use at most %(max)d characters.")))
    if check is not None:
        validators.append(check)
    return StringField(label, description=description, filters=[_strip], validators=validators)


class EntryForm(BaseForm):
    """Choices (units, parts, languages, owners) are set by the view for the admin's own municipality."""

    name = _text(_l("Name"), 200, _l("Write the name of the place or service."),
                 description=_l("Such as \"Family centre Lärkan\" or \"Youth clinic\"."))
    scope = SelectField(_l("Who can find it"), validators=[InputRequired(message=CHOOSE)])
    helps_with = SelectMultipleField(
        _l("What they help with"), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validators=[InputRequired(message=_l("Choose at least one part of the wheel."))],
    )
    for_whom = _text(_l("Who it is for"), 200, _l("Write who it is for."),
                     description=_l("Such as \"Children 6–12 and their parents\"."))
    how_to_reach = TextAreaField(
        _l("How to get in touch"), filters=[_strip],
        description=_l("Drop in, book a time, call first… Say it the way a family would need to hear it."),
        validators=[InputRequired(message=_l("Write how families get in touch.")),
                    Length(max=1000, message=_l("Please use at most %(max)d characters."))],
    )
    phone = _text(_l("Phone (if any)"), 40, check=_phone)
    website = _text(_l("Website (if any)"), 200, description=_l("Starts with https://"), check=_website)
    opening_hours = _text(_l("Opening hours (if any)"), 200, description=_l("Such as \"Mon–Fri 8–16\"."))
    languages = SelectMultipleField(
        _l("Languages spoken there"), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validators=[InputRequired(message=_l("Choose at least one language."))],
    )
    address = _text(_l("Address (if any)"), 200)
    owner_id = SelectField(
        _l("Owner"), coerce=int, description=_l("The person who keeps this entry true and gets a reminder "
                                                 "when it needs a review."),
        validators=[InputRequired(message=CHOOSE)],
    )


class EditEntryForm(EntryForm):
    reviewed = BooleanField(_l("Everything here is checked and still true (marks it as reviewed today)"))

"""Sign-in, joining and password forms. Every message is translated; nothing typed is lost on errors."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from webapp.form_messages import BabelTranslations
from webapp.i18n import LANGUAGES

MIN_PASSWORD_LENGTH = 10
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(value: object) -> object:
    """Invisible control characters are never meant: drop them before validation and storage."""
    return _CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Every form of the app: CSRF-protected, control characters removed from text."""

    class Meta:
        def get_translations(self, form):  # noqa: ANN001, ANN201
            return BabelTranslations()

        def bind_field(self, form, unbound_field, options):  # noqa: ANN001, ANN201
            filters = unbound_field.kwargs.get("filters", [])
            options["filters"] = [strip_control_characters, *filters]
            return unbound_field.bind(form=form, **options)


class WholeNumberRange:
    """NumberRange for integers. WTForms' own calls math.isnan(), which raises OverflowError (a 500) on a
    number with a few hundred digits; plain comparison cannot fail."""

    def __init__(self, min: int, max: int, message: str) -> None:  # noqa: A002 - as NumberRange names them
        self.min, self.max, self.message = min, max, message

    def __call__(self, form, field) -> None:  # noqa: ANN001
        if field.data is None or not self.min <= field.data <= self.max:
            raise ValidationError(self.message)


def choices(pairs) -> list[SelectChoice]:  # noqa: ANN001
    """WTForms 3.3 wants SelectChoice objects rather than (value, label) tuples."""
    return [SelectChoice(value, label) for value, label in pairs]


def language_choices() -> list[SelectChoice]:
    return choices(LANGUAGES.items())


class SignInForm(BaseForm):
    email = EmailField(
        _l("E-mail"),
        validators=[
            InputRequired(message=_l("Write your e-mail address.")),
            Length(max=254, message=_l("That e-mail address is too long.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(message=_l("Write your password.")),
            Length(max=200, message=_l("That password is too long.")),
        ],
    )


class JoinForm(BaseForm):
    code = StringField(
        _l("Invitation code"),
        validators=[
            InputRequired(message=_l("Write the code from your letter.")),
            Length(max=20, message=_l("That code is too long.")),
        ],
    )
    display_name = StringField(
        _l("Your name"),
        description=_l("The name your contact person and school will see."),
        validators=[
            InputRequired(message=_l("Write your name.")),
            Length(max=100, message=_l("Please use at most 100 characters.")),
        ],
    )
    email = EmailField(
        _l("E-mail"),
        validators=[
            InputRequired(message=_l("Write your e-mail address.")),
            Email(message=_l("That does not look like an e-mail address."), check_deliverability=False),
            Length(max=254, message=_l("That e-mail address is too long.")),
        ],
    )
    password = PasswordField(
        _l("Choose a password"),
        description=_l("At least 10 characters. A few words in a row are easy to remember."),
        validators=[
            InputRequired(message=_l("Choose a password.")),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=_l("Use between 10 and 200 characters.")),
        ],
    )
    password_again = PasswordField(
        _l("Write the password again"),
        validators=[
            InputRequired(message=_l("Write the password again.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )
    language = SelectField(
        _l("Your language"),
        choices=language_choices,
        validators=[InputRequired(message=_l("Choose a language."))],
        validate_choice=True,
    )


class PasswordCheckForm(BaseForm):
    """An adult proves it is them, e.g. to take the device back after a child's turn."""

    password = PasswordField(
        _l("Your password"),
        validators=[
            InputRequired(message=_l("Write your password.")),
            Length(max=200, message=_l("That password is too long.")),
        ],
    )


class EmptyForm(BaseForm):
    """A form with nothing but its CSRF token (for buttons that do one thing)."""

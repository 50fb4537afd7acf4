"""Forms for unit admins: classes, children, contact persons, invitations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from webapp.auth.forms import BaseForm, choices, language_choices
from webapp.db import utcnow
from webapp.models import Role
from webapp.pictograms import AVATARS

CHOOSE = _l("Choose one of the options.")


def birth_year_choices():  # noqa: ANN201
    """Children from 4 to 18 years old this year."""
    year = utcnow().year
    return choices((y, str(y)) for y in range(year - 4, year - 19, -1))


class ClassForm(BaseForm):
    name = StringField(
        _l("Name of the class or group"),
        validators=[
            InputRequired(message=_l("Write a name.")),
            Length(max=100, message=_l("Please use at most 100 characters.")),
        ],
    )


class ChildForm(BaseForm):
    first_name = StringField(
        _l("First name or nickname"),
        description=_l("Only a first name or a nickname: no surname, no personal identity number."),
        validators=[
            InputRequired(message=_l("Write the child's first name or nickname.")),
            Length(max=50, message=_l("Please use at most 50 characters.")),
        ],
    )
    birth_year = SelectField(_l("Birth year"), coerce=int, choices=birth_year_choices,
                             validators=[InputRequired(message=CHOOSE)])
    avatar = SelectField(_l("Picture"), choices=lambda: choices(AVATARS.items()),
                         validators=[InputRequired(message=CHOOSE)])
    language = SelectField(_l("Language"), choices=language_choices, validators=[InputRequired(message=CHOOSE)])
    class_id = SelectField(_l("Class or group"), coerce=int, validators=[InputRequired(message=CHOOSE)])


class ContactPersonForm(BaseForm):
    contact_person_id = SelectField(_l("Named contact person"), coerce=int,
                                    validators=[InputRequired(message=CHOOSE)])


class GuardianInvitationForm(BaseForm):
    language = SelectField(_l("The guardian's language"), choices=language_choices,
                           validators=[InputRequired(message=CHOOSE)])
    has_custody = BooleanField(_l("This guardian has custody"), default=True)


class StaffInvitationForm(BaseForm):
    role = SelectField(
        _l("Role"),
        choices=lambda: choices([(Role.CONTACT_PERSON.value, _l("Contact person")),
                                 (Role.UNIT_ADMIN.value, _l("Unit admin"))]),
        validators=[InputRequired(message=CHOOSE)],
    )
    language = SelectField(_l("Their language"), choices=language_choices, validators=[InputRequired(message=CHOOSE)])

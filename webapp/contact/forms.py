"""A contact person's details as families see them: job title, work phone, when they can be reached."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from webapp.auth.forms import BaseForm

# Loose on purpose: Swedish and international numbers are written in many ways.
PHONE_CHARACTERS = re.compile(r"\+?[0-9 ()/.\-–]+")
PHONE_MIN_DIGITS = 5


def _phone(_form: BaseForm, field: StringField) -> None:
    value = (field.data or "").strip()
    if not value:
        return
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE_CHARACTERS.fullmatch(value) or digits < PHONE_MIN_DIGITS:
        raise ValidationError(
            _l("Write a phone number with digits only, for example 019-123 45 67 or +46 19 123 45 67."))


class ContactDetailsForm(BaseForm):
    job_title = StringField(
        _l("Job title"),
        description=_l("For example: school counsellor, school nurse, teacher. Families see this."),
        validators=[Optional(), Length(max=100, message=_l("Please use at most 100 characters."))],
    )
    work_phone = StringField(
        _l("Work phone"),
        description=_l("Families can tap it to call you. Leave it empty if families should not call you."),
        validators=[Optional(), Length(max=40, message=_l("Please use at most 40 characters.")), _phone],
    )
    reachable = TextAreaField(
        _l("When you can be reached"),
        description=_l("For example: Monday to Friday 8–16, not during lessons."),
        validators=[Optional(), Length(max=200, message=_l("Please use at most 200 characters."))],
    )

    def fill(self, person) -> None:  # noqa: ANN001
        """Show what is saved now (only on a fresh form, never over what was just typed)."""
        self.job_title.data = person.job_title or ""
        self.work_phone.data = person.work_phone or ""
        self.reachable.data = person.reachable or ""

    def save_to(self, person) -> None:  # noqa: ANN001
        """Empty fields are stored as nothing, so families never see an empty line."""
        person.job_title = (self.job_title.data or "").strip() or None
        person.work_phone = " ".join((self.work_phone.data or "").split()) or None
        person.reachable = " ".join((self.reachable.data or "").split()) or None

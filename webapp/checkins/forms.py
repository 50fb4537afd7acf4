"""The optional end of a check-in: what would help, and a short note."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, TextAreaField
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.auth.forms import BaseForm, choices
from webapp.checkins.service import HELP_CHIPS, NOTE_MAX_LENGTH


class MoreForm(BaseForm):
    help = SelectMultipleField(
        _l("What would help?"),
        choices=lambda: choices(HELP_CHIPS.items()),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[Optional()],
    )
    note = TextAreaField(
        _l("Anything else you want to say? (you can leave this empty)"),
        validators=[Optional(), Length(max=NOTE_MAX_LENGTH, message=_l("Please write at most 500 characters."))],
    )

"""All models, imported here so that Alembic and the app see one complete metadata."""

from webapp.models.auth import ClassMode, Invitation, Turn, TurnKind, WebSession
from webapp.models.checkins import AuthorKind, CheckIn, Rating
from webapp.models.consent import ConsentAnswer, ConsentRequest
from webapp.models.directory import DirectoryEntry
from webapp.models.org import Organisation, SchoolClass, Unit, UnitKind
from webapp.models.people import (
    STAFF_ROLES,
    Child,
    ContactAssignment,
    Family,
    Guardianship,
    Role,
    StaffMembership,
    User,
)
from webapp.models.push import PushKind, PushMessage, PushSubscription
from webapp.models.sharing import (
    AccessEvent,
    LedgerEntry,
    Recipient,
    ResponseKind,
    Share,
    ShareKind,
    ShareResponse,
)

__all__ = [
    "STAFF_ROLES",
    "AccessEvent",
    "LedgerEntry",
    "PushKind",
    "PushMessage",
    "PushSubscription",
    "Recipient",
    "ResponseKind",
    "Share",
    "ShareKind",
    "ShareResponse",
    "AuthorKind",
    "CheckIn",
    "ClassMode",
    "ConsentAnswer",
    "ConsentRequest",
    "DirectoryEntry",
    "Rating",
    "Child",
    "ContactAssignment",
    "Family",
    "Guardianship",
    "Invitation",
    "Organisation",
    "Role",
    "SchoolClass",
    "StaffMembership",
    "Turn",
    "TurnKind",
    "Unit",
    "UnitKind",
    "User",
    "WebSession",
]

"""Pictograms the interface uses, each with a translatable text alternative."""

from flask_babel import lazy_gettext as _l

AVATARS = {
    # Translators: an avatar picture a child is known by on the class screen.
    "fox": _l("fox"),
    # Translators: an avatar picture a child is known by on the class screen.
    "owl": _l("owl"),
    # Translators: an avatar picture a child is known by on the class screen.
    "rabbit": _l("rabbit"),
    # Translators: an avatar picture a child is known by on the class screen.
    "bear": _l("bear"),
    # Translators: an avatar picture a child is known by on the class screen.
    "frog": _l("frog"),
    # Translators: an avatar picture a child is known by on the class screen.
    "turtle": _l("turtle"),
    # Translators: an avatar picture a child is known by on the class screen.
    "lion": _l("lion"),
    # Translators: an avatar picture a child is known by on the class screen.
    "panda": _l("panda"),
    # Translators: an avatar picture a child is known by on the class screen.
    "penguin": _l("penguin"),
    # Translators: an avatar picture a child is known by on the class screen.
    "butterfly": _l("butterfly"),
    # Translators: an avatar picture a child is known by on the class screen.
    "hedgehog": _l("hedgehog"),
    # Translators: an avatar picture a child is known by on the class screen.
    "whale": _l("whale"),
    # Translators: an avatar picture a child is known by on the class screen.
    "unicorn": _l("unicorn"),
    # Translators: an avatar picture a child is known by on the class screen.
    "koala": _l("koala"),
    # Translators: an avatar picture a child is known by on the class screen.
    "elephant": _l("elephant"),
    # Translators: an avatar picture a child is known by on the class screen.
    "bee": _l("bee"),
}

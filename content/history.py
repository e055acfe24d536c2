"""What the history (django-reversion) keeps for each content model.

Each app registers its own models from its AppConfig.ready(), through
`register()`, so the rule is written once: a themed model's revisions also hold
its ThemedItem rows, so reverting or recovering an item puts its themes back.
"""

import reversion


def register(model, follow=()):
    """Keep versions of `model`; `follow` names related rows saved with it."""
    follow = tuple(follow)
    if hasattr(model, "theme_links"):
        follow += ("theme_links",)
    if reversion.is_registered(model):
        # The admin's VersionAdmin registered it first (admin apps load before
        # ours), following only its inlines: this registration replaces it.
        reversion.unregister(model)
    # Taggit's manager is not a field the serializer can store; the rows behind
    # it (ThemedItem) are followed instead.
    exclude = ("themes",) if _has_field(model, "themes") else ()
    reversion.register(model, follow=follow, exclude=exclude)


def _has_field(model, name):
    return any(field.name == name for field in model._meta.get_fields())


def register_content_models():
    from .models import (
        Article,
        BasicPage,
        City,
        Forum,
        Image,
        Membership,
        Person,
        Project,
        Theme,
        ThemedItem,
        WorkingGroup,
    )

    register(ThemedItem)
    register(Theme)
    register(Person)
    register(City)
    register(Forum)
    register(Membership)
    register(WorkingGroup, follow=["memberships"])
    register(Project)
    register(Article)
    register(Image)
    register(BasicPage)

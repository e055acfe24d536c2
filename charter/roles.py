"""The editors' roles as Django groups, and what each may do in the admin.

Used by a data migration (so every installation has the groups) and by a
post_migrate handler (so models of apps added later get their grants too).
Grants are only ever added: permissions an administrator gave a group by hand stay.
"""

COORDINATORS = "Charter coordinators"
COMMUNICATIONS = "Communications"

ALL = ("add", "change", "delete", "view")

# group -> {(app_label, model_name or None for every model of the app): actions}
GRANTS = {
    COORDINATORS: {
        ("charter", "signatory"): ("add", "change", "view"),
        ("charter", "monitoringreport"): ("add", "change", "view"),
        ("charter", "pledge"): ("add", "change", "view"),
        ("charter", "pillarprinciple"): ("view",),
        ("content", "city"): ("add", "change", "view"),
        # The signatory form picks contacts with an autocomplete, which needs this.
        ("content", "person"): ("view",),
    },
    COMMUNICATIONS: {
        ("content", "article"): ALL,
        ("content", "theme"): ALL,
        ("content", "person"): ALL,
        ("content", "role"): ALL,
        ("content", "themecontact"): ALL,
        ("content", "workinggroupcontact"): ALL,
        ("content", "workinggroup"): ALL,
        ("content", "membership"): ALL,
        ("content", "project"): ALL,
        ("content", "forum"): ALL,
        ("events", None): ALL,
        ("publications", None): ALL,
        # Working groups pick their chair city with an autocomplete.
        ("content", "city"): ("view",),
        ("charter", "signatory"): ("view",),
        ("charter", "monitoringreport"): ("view",),
        ("charter", "pledge"): ("view",),
        ("charter", "pillarprinciple"): ("view",),
    },
}


def sync_roles(apps, using="default"):
    """Create the groups and add every grant whose permission exists by now.

    `apps` is an app registry: the real one, or a migration's historical one.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    historical = apps is not global_apps
    for app_config in apps.get_app_configs():
        # Permissions are normally created after all migrations ran; make them now.
        # A migration's app stubs lack models_module, which create_permissions reads.
        if historical:
            app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=using, apps=apps)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in GRANTS.items():
        group, _created = Group.objects.using(using).get_or_create(name=group_name)
        wanted = []
        for (app_label, model_name), actions in grants.items():
            permissions = Permission.objects.using(using).filter(content_type__app_label=app_label)
            if model_name is not None:
                permissions = permissions.filter(content_type__model=model_name)
            for permission in permissions:
                action, _sep, _model = permission.codename.partition("_")
                if action in actions:
                    wanted.append(permission)
        group.permissions.add(*wanted)

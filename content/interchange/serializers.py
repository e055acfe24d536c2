"""The content app's models in the exchange format."""

from django.utils.translation import gettext_lazy as _

from content.models import Article, City, Forum, Person, Project, Role, Theme, WorkingGroup

from .fields import (
    Boolean,
    Children,
    Country,
    DateField,
    DateTimeField,
    DecimalField,
    FileField,
    Html,
    Integer,
    Ref,
    RefList,
    Text,
)
from .registry import Serializer, register


def publishable_fields():
    """The fields of every Publishable: key, title, the publishing rule."""
    return [
        Text("slug", required=True),
        Text("title"),
        Text("status"),
        DateTimeField("published_at", required=True),
        DateTimeField("unpublish_at"),
        Text("summary"),
    ]


@register
class PersonSerializer(Serializer):
    model = Person
    key = "people"
    noun = _("person")
    fields = [
        Text("slug", required=True),
        Text("name"),
        Text("email"),
        FileField("photo"),
        Text("photo_alt_text"),
    ]


@register
class ThemeSerializer(Serializer):
    model = Theme
    key = "themes"
    noun = _("theme")
    validate_unique = True
    fields = [
        Text("slug", required=True),
        Text("name"),
        Ref("parent", to="themes"),
        Text("description"),
        Html("intro"),
        Boolean("has_topic_page"),
        RefList("contacts", to="people", ordered=True),
    ]

    def check(self, obj, values, ctx, key=None, parent=None):
        if values["parent"] == key:
            yield "parent", _("A theme cannot be its own parent.")


@register
class CitySerializer(Serializer):
    model = City
    key = "cities"
    noun = _("city")
    fields = [
        Text("slug", required=True),
        Text("name"),
        Country("country"),
        DecimalField("latitude"),
        DecimalField("longitude"),
    ]


@register
class ForumSerializer(Serializer):
    model = Forum
    key = "forums"
    noun = _("forum")
    validate_unique = True
    fields = [Text("slug", required=True), Text("name")]


@register
class WorkingGroupSerializer(Serializer):
    model = WorkingGroup
    key = "working_groups"
    noun = _("working group")
    covered_elsewhere = ("member_cities",)  # the "members" list, with the year they joined
    fields = [
        Text("slug", required=True),
        Text("name"),
        Ref("forum", to="forums"),
        Text("summary"),
        Html("description"),
        Ref("chair_city", to="cities"),
        RefList("contacts", to="people", ordered=True),
        Children(
            "members", attr="memberships", fields=[Ref("city", to="cities"), Integer("since")]
        ),
        RefList("themes", to="themes"),
    ]


@register
class ProjectSerializer(Serializer):
    model = Project
    key = "projects"
    noun = _("project")
    fields = [
        Text("slug", required=True),
        Text("acronym"),
        Text("full_name"),
        Text("funding_programme"),
        Integer("start_year"),
        Integer("end_year"),
        Text("website"),
        Text("summary"),
        Ref("working_group", to="working_groups"),
        RefList("partner_cities", to="cities"),
        RefList("themes", to="themes"),
    ]


@register
class RoleSerializer(Serializer):
    """A person's role over time; after projects and working groups, which it names.
    Its key is the person, the title and the start date."""

    model = Role
    key = "roles"
    noun = _("role")
    lookup = "person"
    order_by = ["person__slug", "starts_on", "title", "pk"]
    fields = [
        Ref("person", to="people"),
        Text("title"),
        Ref("project", to="projects"),
        Ref("working_group", to="working_groups"),
        DateField("starts_on"),
        DateField("ends_on"),
    ]

    def natural_key(self, item):
        if not isinstance(item, dict) or item.get("person") is None:
            return None
        return (item["person"], item.get("title", ""), item.get("starts_on"))

    def find_existing(self, keys):
        people = {person for person, _title, _start in keys if person}
        return {
            (
                role.person.slug,
                role.title,
                role.starts_on.isoformat() if role.starts_on else None,
            ): role
            for role in Role.objects.select_related("person").filter(person__slug__in=people)
        }


@register
class ArticleSerializer(Serializer):
    model = Article
    key = "articles"
    noun = _("article")
    fields = [
        *publishable_fields(),
        Text("kind"),
        Html("body"),
        FileField("lead_image"),
        Text("lead_image_alt_text"),
        DateTimeField("deadline"),
        Boolean("closed"),
        Ref("working_group", to="working_groups"),
        RefList("projects", to="projects"),
        RefList("cities", to="cities"),
        RefList("contacts", to="people"),
        RefList("themes", to="themes"),
    ]

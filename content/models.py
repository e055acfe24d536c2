import math
import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import CountryField
from taggit.managers import TaggableManager
from taggit.models import GenericTaggedItemBase, TagBase

from . import names, versions
from .fields import RichTextField, sanitize_html
from .images import rendition, validate_image
from .links import slug_url
from .text import sort_key
from .uploads import UploadTo

WORDS_PER_MINUTE = 200


def unique_slug(instance, value, field="slug"):
    """A slug for `value`, unique for the model; keeps any script (Київ -> київ)."""
    base = slugify(value, allow_unicode=True)[:200] or "item"
    model = type(instance)
    slug, suffix = base, 2
    while model._default_manager.filter(**{field: slug}).exclude(pk=instance.pk).exists():
        slug = f"{base}-{suffix}"
        suffix += 1
    return slug


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublicationState(models.TextChoices):
    """Where an item stands with the public, derived from status and its two dates."""

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    LIVE = "live", _("Live")
    EXPIRED = "expired", _("Expired")


# Every date and time editors see is the organisation's time, whatever the server's.
BRUSSELS = ZoneInfo("Europe/Brussels")
# ASCII whitespace: what a title made only of cannot be called a title.
WHITESPACE = " \t\n\r\f\v"


class TrimWhitespace(models.Func):
    """TRIM(x, chars): strips all ASCII whitespace on SQLite and PostgreSQL alike
    (the one-argument TRIM strips spaces only)."""

    function = "TRIM"
    output_field = models.CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, models.Value(WHITESPACE), **extra)


def not_blank(field):
    """A constraint condition: `field` holds something other than whitespace."""
    return GreaterThan(Length(TrimWhitespace(F(field))), 0)


def missing_alt_text(queryset, image_field, alt_field):
    """Rows of `queryset` with an image in `image_field` but no text in `alt_field`."""
    return queryset.exclude(**{image_field: ""}).exclude(not_blank(alt_field))


class Theme(TagBase):
    """A theme tag. One vocabulary serves every app, so a topic page gathers all."""

    # TagBase's name and slug are ASCII-limited to 100; keep them, add our own fields.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent theme"),
    )
    description = models.TextField(_("description"), blank=True)
    intro = RichTextField(
        _("topic page introduction"),
        blank=True,
        help_text=_("Rich text shown at the top of the topic page."),
    )
    has_topic_page = models.BooleanField(_("has a topic page"), default=False)
    contacts = models.ManyToManyField(
        "Person",
        through="ThemeContact",
        blank=True,
        related_name="themes_contact_for",
        verbose_name=_("contacts"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="theme_not_its_own_parent",
                violation_error_message=_("A theme cannot be its own parent."),
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if not self.has_topic_page:
            return None
        return slug_url("topic", self.slug)

    def ordered_contacts(self, keep=False):
        """See ordered_contacts; `keep` as content.versions.keeps_for says."""
        return ordered_contacts(
            self.contact_links.all(), kept_as=(type(self), self.pk) if keep else None
        )

    def clean(self):
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A theme cannot sit below itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class ThemedItem(GenericTaggedItemBase):
    """Links any content object to a theme."""

    tag = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="themed_items")

    class Meta:
        verbose_name = _("themed item")
        verbose_name_plural = _("themed items")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "tag"], name="themed_item_unique"
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            # Theme filters and the topic page: the items of one kind carrying any
            # of some themes, from the index alone (docs/performance.md).
            models.Index(fields=["content_type", "tag", "object_id"], name="themed_item_by_theme"),
        ]

    def __str__(self):
        return f"{self.tag} on {self.content_type}:{self.object_id}"


def themed_object_ids(model, themes):
    """A subquery of the ids of `model` objects carrying any of `themes`."""
    return ThemedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(model), tag__in=themes
    ).values("object_id")


def prefetched_themes(item):
    """The themes `item` holds already (a prefetch, attach_themes(), or in an editor's
    preview those chosen in the form, not saved), or None."""
    return getattr(item, "_prefetched_objects_cache", {}).get("themes")


def theme_field(related_name):
    """The `themes` field every content model carries; `related_name` is for Theme."""
    return TaggableManager(
        through=ThemedItem, blank=True, verbose_name=_("themes"), related_name=related_name
    )


class ThemeLinks:
    """Gives a themed model `theme_links`, its ThemedItem rows. The history
    (content/history.py) follows them, so a recovered item gets its themes back."""

    @property
    def theme_links(self):
        if self.pk is None:
            return ThemedItem.objects.none()
        return ThemedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(type(self)), object_id=self.pk
        )


# What a card never shows, left out of the rows of lists.
UNLISTED_FIELDS = ("body", "search_vector", "search_text")


class ThemedQuerySet(models.QuerySet):
    def with_themes(self, themes):
        """Items carrying any of `themes` (Themes, ids or a queryset), each item once.

        A subquery rather than a join, so no DISTINCT is needed and the result can
        take part in a UNION (the topic page's mixed feed).
        """
        return self.filter(pk__in=themed_object_ids(self.model, themes))


# The fields of an item an RSS feed shows (PublishableQuerySet.for_feed).
FEED_FIELDS = ("title", "summary", "slug", "published_at", "updated_at")


def sees_drafts(user, model):
    """Whether `user` sees `model` items before they are public: staff who may
    change them (draft previews); everyone else sees what is published."""
    opts = model._meta
    return user.is_authenticated and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


class PublishableQuerySet(ThemedQuerySet):
    # The publishing rule. Everything public reads through published(); the four
    # states below and Publishable.publication_state() say the same in other words.
    def published(self, at=None):
        """What the public may see now: published, dated by now, and not yet unpublished."""
        at = at or timezone.now()
        return self.filter(status=Status.PUBLISHED, published_at__lte=at).filter(
            Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=at)
        )

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def scheduled(self, at=None, until=None):
        """Published items whose publication date is still ahead (before `until`, if given)."""
        qs = self.filter(status=Status.PUBLISHED, published_at__gt=at or timezone.now())
        return qs.filter(published_at__lte=until) if until else qs

    def expired(self, at=None):
        """Published items whose unpublish date has passed."""
        return self.filter(status=Status.PUBLISHED, unpublish_at__lte=at or timezone.now())

    def in_state(self, state, at=None):
        """Items in one PublicationState (a value from the admin's filter)."""
        return {
            PublicationState.DRAFT: self.drafts,
            PublicationState.SCHEDULED: lambda: self.scheduled(at=at),
            PublicationState.LIVE: lambda: self.published(at=at),
            PublicationState.EXPIRED: lambda: self.expired(at=at),
        }[state]()

    def next_visibility_change(self, at=None):
        """The first moment after `at` when published() would answer differently
        (a scheduled item goes live, or a live one reaches its unpublish date), or
        None. The page cache keeps pages until then; a new date in the publishing
        rule belongs here too."""
        at = at or timezone.now()
        published = self.filter(status=Status.PUBLISHED)
        times = [
            published.filter(published_at__gt=at)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first(),
            published.filter(unpublish_at__gt=at)
            .order_by("unpublish_at")
            .values_list("unpublish_at", flat=True)
            .first(),
        ]
        return min((t for t in times if t is not None), default=None)

    def visible_to(self, user):
        """Everything for staff who may change the model (draft preview), else published."""
        return self.all() if sees_drafts(user, self.model) else self.published()

    def related_to(self, item, limit=3):
        """Up to `limit` other items sharing a theme with `item` (same model), in the
        model's order. `item`'s themes are read in the same query, unless it has them
        already (an editor's preview: the themes chosen in the form, not saved)."""
        chosen = prefetched_themes(item)
        if chosen is not None:
            its_themes = list(chosen)
            if not its_themes:
                return self.none()
        else:
            its_themes = ThemedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(item), object_id=item.pk
            ).values("tag")
        return self.with_themes(its_themes).exclude(pk=item.pk)[:limit]

    def for_listing(self):
        """What every card reads: not the body nor the search index (kilobytes a row
        that no card shows); the themes, fetched with the rows."""
        return self.defer(*UNLISTED_FIELDS).with_card_themes()

    def for_feed(self):
        """What an RSS item reads (eurocities.feeds): its title, summary, address and
        dates, no relation."""
        return self.only(*FEED_FIELDS)

    def with_card_themes(self, attach=True):
        """Attach each row's themes in one light query once the rows are fetched
        (content.themes.attach_themes): cheaper than taggit's prefetch, which
        joins the content types and builds a queryset per item. A page that
        gathers several kinds passes attach=False and attaches them all at once."""
        clone = self._chain()
        clone._card_themes = attach
        return clone

    _card_themes = False

    def _clone(self):
        clone = super()._clone()
        clone._card_themes = self._card_themes
        return clone

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._card_themes and self._result_cache:
            if isinstance(self._result_cache[0], models.Model):
                from .themes import attach_themes

                attach_themes(self._result_cache)

    def used_themes(self):
        """The themes these items carry, and their parents (a parent's filter takes in
        its sub-themes): the theme options a list of these items may offer."""
        used = ThemedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id__in=self.order_by().values("pk"),
        ).values("tag")
        # Every theme above a used one, so a theme three or more levels up still
        # filters (content.themes.ThemeTree is the same rule walked in Python).
        above = Q(pk__in=used)
        path = "children"
        for _level in range(5):
            above |= Q(**{f"{path}__in": used})
            path += "__children"
        return Theme.objects.filter(above).distinct()


class Publishable(ThemeLinks, models.Model):
    """A public content item following the publishing rule: status plus a date."""

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=True)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Plain text, shown on cards and in search.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        db_index=True,
        help_text=_("The item appears on the site from this moment once published."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Optional: the item leaves the site at this moment (Brussels time). "
            "It stays in the admin, and can be given a later date to come back."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    # Kept current by content.search on every save (the item's own fields, its
    # themes, cities and file titles). The vector is PostgreSQL's ranked index;
    # the text is the plain words (snippets, and SQLite's accent-free matching).
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-published_at"]
        # Concrete models that add constraints of their own list these first.
        constraints = [
            models.CheckConstraint(
                condition=not_blank("title"),
                name="%(app_label)s_%(class)s_title_not_blank",
                violation_error_message=_("The title cannot be blank."),
            ),
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=F("published_at")),
                name="%(app_label)s_%(class)s_unpublished_after_published",
                violation_error_message=_(
                    "The unpublish date must come after the publication date."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        super().save(*args, **kwargs)

    # Questions about one item, answered by the same rule as PublishableQuerySet.
    def publication_state(self, at=None):
        at = at or timezone.now()
        if self.status != Status.PUBLISHED:
            return PublicationState.DRAFT
        if self.published_at is None or self.published_at > at:
            return PublicationState.SCHEDULED
        if self.unpublish_at is not None and self.unpublish_at <= at:
            return PublicationState.EXPIRED
        return PublicationState.LIVE

    def is_live(self, at=None):
        return self.publication_state(at) == PublicationState.LIVE

    def is_public(self, at=None):
        """What the public pages ask (the same as is_live)."""
        return self.is_live(at)

    def is_scheduled(self, at=None):
        return self.publication_state(at) == PublicationState.SCHEDULED

    def is_expired(self, at=None):
        return self.publication_state(at) == PublicationState.EXPIRED

    @property
    def publication_label(self):
        """'Draft', 'Live', 'Scheduled for 3 Dec 2026, 09:00 (Brussels time)' ..."""
        state = self.publication_state()
        if state == PublicationState.SCHEDULED:
            return _("Scheduled for %(when)s") % {"when": brussels_label(self.published_at)}
        if state == PublicationState.EXPIRED:
            return _("Expired on %(when)s") % {"when": brussels_label(self.unpublish_at)}
        if state == PublicationState.LIVE and self.unpublish_at:
            return _("Live until %(when)s") % {"when": brussels_label(self.unpublish_at)}
        return state.label

    # What search_parts() reads besides the row and its themes: content.search.index_many()
    # prefetches it (select_related, prefetch_related) and attaches the themes, so
    # bulk indexing is a few queries per thousand items.
    search_select_related = ()
    search_prefetch_related = ()

    def search_parts(self):
        """(title, summary, body, other words) for the search index; apps add their own."""
        themes = " ".join(theme.name for theme in self.themes.all())
        return self.title, self.summary, getattr(self, "body", ""), themes


def brussels_label(moment):
    """'3 Dec 2026, 09:00 (Brussels time)'."""
    local = timezone.localtime(moment, BRUSSELS)
    return _("%(date)s, %(time)s (Brussels time)") % {
        "date": date_format(local, "j M Y"),
        "time": date_format(local, "H:i"),
    }


class PersonQuerySet(models.QuerySet):
    def with_roles(self):
        """What a contact card reads: the roles, to pick the one valid on a date."""
        return self.prefetch_related(roles())


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # The person's key in content exchange files; made from the name when left empty.
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True, blank=True)
    sort_name = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    email = models.EmailField(_("email"), blank=True)
    photo = models.ImageField(
        _("photo"),
        upload_to=UploadTo("people"),
        max_length=255,
        blank=True,
        validators=[validate_image],
    )
    photo_alt_text = models.CharField(
        _("photo description"),
        max_length=255,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it."),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt_text=""),
                name="person_photo_has_alt_text",
                violation_error_message=_("A photo needs a description (alt text)."),
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        self.sort_name = sort_key(self.name)
        super().save(*args, **kwargs)

    def role_at(self, day=None):
        """The role held on `day` (today in Brussels if not given), or None.

        Several roles may overlap; the most recently started one counts. Reads the
        prefetched roles (PersonQuerySet.with_roles), so a list of contacts costs
        no query per person.
        """
        day = day or timezone.localdate()
        valid = [role for role in self.roles.all() if role.is_held_on(day)]
        return max(valid, key=lambda role: role.starts_on or date.min, default=None)

    @property
    def current_role(self):
        return self.role_at()


class CityQuerySet(models.QuerySet):
    def named(self, name, country):
        """The city of that name in that country, however the name is typed."""
        return self.filter(name_key=names.name_key(name), country=country)


class City(models.Model):
    name = models.CharField(_("name"), max_length=200)
    sort_name = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    # The name as compared: one city whatever the case, Unicode form, spaces or
    # invisible characters of the typed name (content.names). Kept in its own
    # column so the same unique constraint holds on SQLite and PostgreSQL.
    name_key = models.CharField(_("name for comparison"), max_length=200, editable=False)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    country = CountryField(_("country"))
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "country"],
                name="city_name_unique_per_country",
                violation_error_message=_("This city already exists in that country."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="city_coordinates_valid",
                violation_error_message=_(
                    "Give both latitude (-90 to 90) and longitude (-180 to 180), or neither."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country.code})" if self.country else self.name

    def save(self, *args, **kwargs):
        self.normalise_name()
        self.sort_name = sort_key(self.name)
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("city", self.slug)

    def clean(self):
        self.normalise_name()
        if not self.name:
            raise ValidationError({"name": _("Give the city's name.")})

    def validate_constraints(self, exclude=None):
        # name_key is not on the form; it follows the name, so check the name's
        # uniqueness whenever the name itself is checked.
        if exclude is not None and "name" not in exclude:
            exclude = set(exclude) - {"name_key"}
        super().validate_constraints(exclude=exclude)

    def normalise_name(self):
        self.name = names.normalise_name(self.name)
        self.name_key = names.name_key(self.name)


class Forum(models.Model):
    """A forum of the network, grouping working groups (e.g. Social Affairs Forum)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self):
        return self.name


class WorkingGroup(ThemeLinks, models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    forum = models.ForeignKey(
        Forum,
        on_delete=models.PROTECT,
        related_name="working_groups",
        verbose_name=_("forum"),
    )
    summary = models.TextField(_("summary"), blank=True)
    description = RichTextField(_("description"), blank=True, help_text=_("Rich text."))
    chair_city = models.ForeignKey(
        City,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_working_groups",
        verbose_name=_("chair city"),
    )
    contacts = models.ManyToManyField(
        Person,
        through="WorkingGroupContact",
        blank=True,
        related_name="working_groups",
        verbose_name=_("contacts"),
    )
    member_cities = models.ManyToManyField(
        City,
        through="Membership",
        blank=True,
        related_name="working_groups",
        verbose_name=_("member cities"),
    )
    themes = theme_field("working_groups")

    objects = ThemedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("working_group", self.slug)

    def ordered_contacts(self, keep=False):
        """See ordered_contacts; `keep` as content.versions.keeps_for says."""
        return ordered_contacts(
            self.contact_links.all(), kept_as=(type(self), self.pk) if keep else None
        )


class OrderedContact(models.Model):
    """A contact of a topic or working group, in the order editors choose."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, verbose_name=_("person"))
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers are shown first.")
    )

    class Meta:
        abstract = True
        ordering = ["order", "person__name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return str(self.person)


class ThemeContact(OrderedContact):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="contact_links")

    class Meta(OrderedContact.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "person"],
                name="theme_contact_unique",
                violation_error_message=_("This person is already a contact of the topic."),
            )
        ]


class WorkingGroupContact(OrderedContact):
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="contact_links"
    )

    class Meta(OrderedContact.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["working_group", "person"],
                name="working_group_contact_unique",
                violation_error_message=_("This person is already a contact of the working group."),
            )
        ]


# Contacts of topics and working groups (ordered_contacts), per owner and version of
# content: a few people each, with their roles.
KEPT_CONTACTS = 1000
_kept_contacts = versions.KeptPerVersion()


def ordered_contacts(links, kept_as=None):
    """The people of `links` (a topic's or working group's contact links) in the
    editors' order, with their roles for the contact cards: the links with their
    people in one query (a join the ORM builds in a fraction of the time that
    subqueries for the order took), their roles in a second when there are any.

    With `kept_as` (the owner's model and pk, for a visitor's page) they are kept
    per version of content and shared by every request: read them, never change
    them. The role shown is chosen on the day from all their roles (role_at)."""
    if kept_as is not None and links._result_cache is None:
        return _kept_contacts.get(kept_as, lambda: ordered_contacts(links), limit=KEPT_CONTACTS)
    if links._result_cache is not None:
        # Rows already in hand (an admin preview's inline, not saved): their order.
        order = {link.person_id: link.order for link in links}
        people = Person.objects.filter(pk__in=order).with_roles()
        return sorted(people, key=lambda person: (order[person.pk], person.name))
    people = [
        link.person for link in links.select_related("person").order_by("order", "person__name")
    ]
    models.prefetch_related_objects(people, roles())
    return people


def roles():
    """A person's roles as a contact card reads them (Person.role_at)."""
    return models.Prefetch(
        "roles", queryset=Role.objects.select_related("project", "working_group")
    )


class Membership(models.Model):
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="memberships"
    )
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="memberships")
    since = models.PositiveSmallIntegerField(
        _("member since (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1986), MaxValueValidator(2100)],
    )

    class Meta:
        ordering = ["city__sort_name", "city__name"]
        verbose_name = _("member city")
        verbose_name_plural = _("member cities")
        constraints = [
            models.UniqueConstraint(
                fields=["working_group", "city"],
                name="membership_unique",
                violation_error_message=_("This city is already a member."),
            )
        ]

    def __str__(self):
        return f"{self.city} in {self.working_group}"


class Project(ThemeLinks, models.Model):
    acronym = models.CharField(_("acronym"), max_length=50)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    full_name = models.CharField(_("full name"), max_length=255)
    funding_programme = models.CharField(
        _("funding programme"), max_length=100, blank=True, help_text=_("For example AMIF.")
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"), validators=[MinValueValidator(1986), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1986), MaxValueValidator(2100)],
    )
    website = models.URLField(_("website"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("working group"),
    )
    partner_cities = models.ManyToManyField(
        City, blank=True, related_name="projects", verbose_name=_("partner cities")
    )
    themes = theme_field("projects")

    objects = ThemedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "acronym"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="project_ends_after_start",
                violation_error_message=_("A project cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.acronym

    def get_absolute_url(self):
        return slug_url("project", self.slug)

    @property
    def years(self):
        if self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year)


# Addresses under /news/ that are pages, not articles.
ARTICLE_RESERVED_SLUGS = {"calls"}


class Role(models.Model):
    """A title a person held, for a time, possibly for a project or working group."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person")
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_(
            "For example 'Senior Project Coordinator'. Pages show the role held on the "
            "item's date; topic and working group pages the current one."
        ),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("project"),
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("working group"),
    )
    starts_on = models.DateField(
        _("from"), null=True, blank=True, help_text=_("Empty: held from before our records.")
    )
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Empty while the person holds it.")
    )

    class Meta:
        ordering = [models.F("starts_on").desc(nulls_last=True), "pk"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="role_ends_after_start",
                violation_error_message=_("A role cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.label

    def is_held_on(self, day):
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day <= self.ends_on
        )

    @property
    def label(self):
        """'Senior Project Coordinator – UNITES': the title, then what it is for."""
        context = None
        if self.project_id:
            context = self.project.acronym
        elif self.working_group_id:
            context = self.working_group.name
        if context and context.casefold() not in self.title.casefold():
            return f"{self.title} – {context}"
        return self.title


def contacts_with_roles():
    """Prefetch an item's contacts with the roles their cards read."""
    return models.Prefetch("contacts", queryset=Person.objects.with_roles())


class ArticleQuerySet(PublishableQuerySet):
    def next_visibility_change(self, at=None):
        """Also the next call deadline: the call shows as closed from then on."""
        at = at or timezone.now()
        deadline = (
            self.published(at)
            .filter(deadline__gt=at)
            .order_by("deadline")
            .values_list("deadline", flat=True)
            .first()
        )
        times = [super().next_visibility_change(at), deadline]
        return min((t for t in times if t is not None), default=None)

    def open_calls(self, at=None):
        """Calls still taking applications: not closed, and before any deadline.
        A call without a deadline is open until an editor closes it."""
        at = at or timezone.now()
        return self.filter(kind=Article.Kind.CALL, closed=False).filter(
            Q(deadline__isnull=True) | Q(deadline__gt=at)
        )

    def without_closed_calls(self, at=None):
        """Everything except calls that no longer take applications."""
        at = at or timezone.now()
        return self.exclude(Q(kind=Article.Kind.CALL) & (Q(closed=True) | Q(deadline__lte=at)))

    def calls_closing(self, days, at=None):
        """Calls whose deadline falls within the next `days` days."""
        at = at or timezone.now()
        return self.filter(
            kind=Article.Kind.CALL, deadline__gt=at, deadline__lte=at + timedelta(days=days)
        )

    def for_detail(self):
        """The page's own relations; its themes come with its related cards'
        (content.themes.with_related)."""
        return self.select_related("working_group").prefetch_related(
            contacts_with_roles(), "projects"
        )


class Article(Publishable):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        STORY = "story", _("Story")
        CALL = "call", _("Call")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.NEWS)
    body = RichTextField(
        _("body"), blank=True, help_text=_("Rich text; scripts and unsafe links are removed.")
    )
    lead_image = models.ImageField(
        _("lead image"),
        upload_to=UploadTo("articles"),
        max_length=255,
        blank=True,
        validators=[validate_image],
    )
    lead_image_alt_text = models.CharField(
        _("lead image description"),
        max_length=255,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    deadline = models.DateTimeField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_(
            "Calls only: when applications close. Leave empty when the call gives no "
            "deadline; it is then open until you tick “closed”."
        ),
    )
    closed = models.BooleanField(
        _("closed"),
        default=False,
        help_text=_("Calls only: the call takes no more applications, whatever its deadline."),
    )
    reading_minutes = models.PositiveSmallIntegerField(_("reading time"), default=1, editable=False)
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("working group"),
    )
    projects = models.ManyToManyField(
        Project, blank=True, related_name="articles", verbose_name=_("projects")
    )
    contacts = models.ManyToManyField(
        Person, blank=True, related_name="articles", verbose_name=_("contacts")
    )
    cities = models.ManyToManyField(
        City,
        blank=True,
        related_name="articles",
        verbose_name=_("cities"),
        help_text=_("The cities this article is about; it is listed on their pages."),
    )
    themes = theme_field("articles")

    objects = ArticleQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["-published_at", "-pk"]  # -pk: pages stay stable when dates tie
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # The news list, home, feeds and the topic page's mixed feed: public
            # articles newest first, read in index order; `kind` for the kind filter
            # and `unpublish_at` for the publishing rule without a visit to the table
            # (counts: a list's total, the sitemap index; docs/performance.md).
            models.Index(
                fields=["-published_at", "-id", "kind", "unpublish_at"],
                condition=Q(status="published"),
                name="article_public_newest",
            ),
            # The sitemap index's lastmod: the latest change among public items.
            models.Index(
                fields=["-updated_at"],
                condition=Q(status="published"),
                name="article_public_updated",
            ),
        ]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind="call") | Q(closed=False),
                name="article_only_calls_close",
                violation_error_message=_("Only a call can be closed."),
            ),
            models.CheckConstraint(
                condition=Q(lead_image="") | ~Q(lead_image_alt_text=""),
                name="article_lead_image_has_alt_text",
                violation_error_message=_("A lead image needs a description (alt text)."),
            ),
        ]

    def save(self, *args, **kwargs):
        # The field sanitises on save; count the words that will be stored.
        self.reading_minutes = reading_minutes(sanitize_html(self.body))
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        if self.slug in ARTICLE_RESERVED_SLUGS:
            self.slug = f"{self.slug}-article"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("content:article_detail", self.slug)

    search_prefetch_related = ("cities",)

    def search_parts(self):
        title, summary, body, extra = super().search_parts()
        cities = " ".join(city.name for city in self.cities.all())
        return title, summary, body, f"{extra} {cities}"

    def clean(self):
        super().clean()
        if self.slug in ARTICLE_RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("“%(slug)s” is taken by a page of the site.") % {"slug": self.slug}}
            )
        if self.closed and self.kind != self.Kind.CALL:
            raise ValidationError({"closed": _("Only a call can be closed.")})

    def is_open(self, at=None):
        """A call is open until it is closed or its deadline (if any) passes."""
        if self.kind != self.Kind.CALL or self.closed:
            return False
        return self.deadline is None or self.deadline > (at or timezone.now())

    @property
    def reading_time_label(self):
        return ngettext(
            "%(minutes)d minute read", "%(minutes)d minutes read", self.reading_minutes
        ) % {"minutes": self.reading_minutes}


def reading_minutes(html):
    words = len(re.findall(r"\w+", strip_tags(html or "")))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


class Image(models.Model):
    """An image of the library, placed in rich-text bodies from the editor's toolbar.

    Pages show a resized copy (the "body" rendition), never the upload itself. An
    image has alt text unless it is marked decorative, so a body never gets an
    image a screen reader cannot describe by accident.
    """

    title = models.CharField(
        _("title"), max_length=255, help_text=_("For finding the image in the library.")
    )
    file = models.ImageField(
        _("image file"), upload_to=UploadTo("library"), max_length=255,
        validators=[validate_image],
    )  # fmt: skip
    alt_text = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_("Adds nothing to the text (a pattern, a mood picture): no alt text."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_("Shown under the image, for example 'Photo: City of Ghent'."),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(
                condition=Q(decorative=True) | ~Q(alt_text=""),
                name="image_has_alt_text_or_is_decorative",
                violation_error_message=_(
                    "Describe the image (alt text), or mark it as decorative."
                ),
            ),
            models.CheckConstraint(
                condition=Q(decorative=False) | Q(alt_text=""),
                name="decorative_image_has_no_alt_text",
                violation_error_message=_("A decorative image has no alt text."),
            ),
        ]

    def __str__(self):
        return self.title

    def for_editor(self):
        """What the editor's image picker needs, or None if the file cannot be read."""
        picture = rendition(self.file, "body")
        thumbnail = rendition(self.file, "thumbnail")
        if picture is None:
            return None
        return {
            "id": self.pk,
            "title": self.title,
            "src": picture.url,
            "width": picture.width,
            "height": picture.height,
            "thumbnail": thumbnail.url if thumbnail else picture.url,
            "alt": "" if self.decorative else self.alt_text,
            "decorative": self.decorative,
            "credit": self.credit,
        }


class BasicPage(models.Model):
    """The pages every public body's site carries, linked from every page's footer.

    One page per kind, each at a fixed address, so the footer links need no query.
    """

    class Kind(models.TextChoices):
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        PRIVACY = "privacy", _("Privacy notice")
        LEGAL = "legal-notice", _("Legal notice")

    kind = models.CharField(_("page"), max_length=32, choices=Kind, unique=True)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Plain text, for search engines and link previews.")
    )
    body = RichTextField(_("body"), blank=True)
    reviewed_on = models.DateField(
        _("prepared or last reviewed on"),
        default=timezone.localdate,
        help_text=_(
            "Shown on the page. The accessibility statement must say when it was prepared."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("basic page")
        verbose_name_plural = _("basic pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("basic_page", kwargs={"kind": self.kind})

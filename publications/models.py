from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from content import search
from content.fields import RichTextField
from content.images import validate_image
from content.links import slug_url
from content.models import (
    City,
    Person,
    Project,
    Publishable,
    PublishableQuerySet,
    WorkingGroup,
    contacts_with_roles,
    theme_field,
)
from content.uploads import (
    UploadTo,
    document_format,
    format_size,
    get_private_storage,
    is_new_upload,
    readable_name,
    validate_document,
)

# The official languages of the European Union, the languages our documents use.
LANGUAGES = [
    ("bg", _("Bulgarian")),
    ("cs", _("Czech")),
    ("da", _("Danish")),
    ("de", _("German")),
    ("el", _("Greek")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("et", _("Estonian")),
    ("fi", _("Finnish")),
    ("fr", _("French")),
    ("ga", _("Irish")),
    ("hr", _("Croatian")),
    ("hu", _("Hungarian")),
    ("it", _("Italian")),
    ("lt", _("Lithuanian")),
    ("lv", _("Latvian")),
    ("mt", _("Maltese")),
    ("nl", _("Dutch")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("ro", _("Romanian")),
    ("sk", _("Slovak")),
    ("sl", _("Slovenian")),
    ("sv", _("Swedish")),
]


class DocumentType(models.Model):
    """A kind of document (report, policy brief ...). A model, so editors can add kinds."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    plural_name = models.CharField(_("plural name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first in the filter.")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self):
        return self.name


class PublicationQuerySet(PublishableQuerySet):
    def published(self, at=None):
        """Public, and something to read: at least one file or an external link.

        The admin refuses to publish without one; this keeps rows written around
        it (imports, bulk actions, a file deleted later) off the site too.
        """
        return super().published(at).complete()

    def complete(self):
        """Publications with at least one file or an external link."""
        return self.filter(
            Exists(PublicationFile.objects.filter(publication=OuterRef("pk"))) | ~Q(external_url="")
        )

    def without_files(self):
        return self.filter(~Exists(PublicationFile.objects.filter(publication=OuterRef("pk"))))

    def for_listing(self):
        """What a publication card reads: type, themes (cover renditions need no query)."""
        return super().for_listing().select_related("document_type")

    def for_detail(self):
        """The page's own relations; its themes come with its related cards'
        (content.themes.with_related)."""
        return self.select_related("document_type", "working_group").prefetch_related(
            "projects", contacts_with_roles(), "files"
        )


class Publication(Publishable):
    """A document the network publishes.

    `published_at` (from Publishable) is the publication date: an editor adding an
    older report sets it to the date the report came out, and the library sorts
    and filters by year on it. A second date field would let the two disagree.
    """

    document_type = models.ForeignKey(
        DocumentType,
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("document type"),
    )
    body = RichTextField(
        _("body"), blank=True, help_text=_("Rich text; scripts and unsafe links are removed.")
    )
    external_url = models.URLField(
        _("external link"),
        max_length=500,
        blank=True,
        help_text=_(
            "Where the document is published elsewhere (a partner's or the EU's site). "
            "A published publication needs a file or this link."
        ),
    )
    cover_image = models.ImageField(
        _("cover image"),
        upload_to=UploadTo("publications/covers"),
        max_length=255,
        blank=True,
        validators=[validate_image],
        help_text=_("JPEG, PNG, GIF or WebP. Pages show resized copies."),
    )
    cover_alt_text = models.CharField(
        _("cover description"),
        max_length=255,
        blank=True,
        help_text=_("What the cover shows, for people who cannot see it."),
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("working group"),
    )
    projects = models.ManyToManyField(
        Project, blank=True, related_name="publications", verbose_name=_("projects")
    )
    contacts = models.ManyToManyField(
        Person, blank=True, related_name="publications", verbose_name=_("contacts")
    )
    cities = models.ManyToManyField(
        City,
        blank=True,
        related_name="publications",
        verbose_name=_("cities"),
        help_text=_("The cities this publication is about; it is listed on their pages."),
    )
    themes = theme_field("publications")

    objects = PublicationQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["-published_at", "-pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [
            # The documents library and the topic page's mixed feed, newest first.
            models.Index(
                fields=["-published_at", "-id", "unpublish_at"],
                condition=Q(status="published"),
                name="publication_public_newest",
            ),
            # The sitemap index's lastmod: the latest change among public items.
            models.Index(
                fields=["-updated_at"],
                condition=Q(status="published"),
                name="publication_public_updated",
            ),
        ]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(cover_image="") | ~Q(cover_alt_text=""),
                name="publication_cover_has_alt_text",
                violation_error_message=_("A cover image needs a description (alt text)."),
            ),
        ]

    def save(self, *args, **kwargs):
        # A replaced cover (and its renditions) is removed by content.uploads.
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("publications:detail", self.slug)

    search_prefetch_related = ("cities", "files")

    def search_parts(self):
        title, summary, body, extra = super().search_parts()
        cities = " ".join(city.name for city in self.cities.all())
        files = " ".join(f"{file.title} {file.original_name}" for file in self.files.all())
        return title, summary, body, f"{extra} {cities} {files}"

    @property
    def safe_external_url(self):
        url = self.external_url
        return url if url.lower().startswith(("https://", "http://")) else ""


class PublicationFile(models.Model):
    """One downloadable file of a publication (the document, or a translation).

    Its download address uses this row's id, not the stored file name, so an
    editor replacing the file with a corrected version keeps old links working.
    """

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="files", verbose_name=_("publication")
    )
    file = models.FileField(
        _("file"),
        upload_to=UploadTo("documents"),
        # Private: no public address, so a draft's file is served to no one; the
        # download view reads it after applying the publishing rule.
        storage=get_private_storage,
        max_length=255,
        validators=[validate_document],
        help_text=_("PDF, DOCX, ODT, XLSX, ODS, PPTX, ODP or EPUB."),
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, default="en")
    title = models.CharField(
        _("label"),
        max_length=200,
        blank=True,
        help_text=_("Optional, for example 'Executive summary'."),
    )
    original_name = models.CharField(_("original file name"), max_length=255, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return self.title or self.original_name or self.file.name

    def save(self, *args, **kwargs):
        # A replaced file is removed by content.uploads once this commits.
        if is_new_upload(self.file):
            # Facts about the upload, kept before storage renames it.
            self.original_name = readable_name(self.file.name)
            self.size = self.file.size
            fmt = document_format(self.file.name)
            self.content_type = fmt.content_type if fmt else "application/octet-stream"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publications:download", kwargs={"pk": self.pk})

    @property
    def format(self):
        return document_format(self.file.name)

    @property
    def format_label(self):
        fmt = self.format
        return fmt.label if fmt else _("File")

    @property
    def size_label(self):
        return format_size(self.size)

    @property
    def link_label(self):
        """What the download link says: 'PDF, 2.3 MB'."""
        return f"{self.format_label}, {self.size_label}"


@receiver(post_save, sender=PublicationFile)
@receiver(post_delete, sender=PublicationFile)
def reindex_publication(sender, instance, raw=False, **kwargs):
    """File titles are part of the publication's search text."""
    if not raw:
        publication = Publication._base_manager.filter(pk=instance.publication_id).first()
        if publication is not None:
            search.index(publication)

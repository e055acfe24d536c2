import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.models import City, Person
from content.uploads import DocumentValidator

INITIATIVE_DEFAULT = "Inclusive Cities for All"
# The charter was launched in 2010: no city signed it before.
CHARTER_LAUNCHED = date(2010, 1, 1)

# The four roles in which a city commits to equal opportunities: (field, label).
ROLES = [
    ("role_policy_maker", _("policy maker")),
    ("role_service_provider", _("service provider")),
    ("role_employer", _("employer")),
    ("role_buyer", _("buyer of goods and services")),
]


class SignatoryQuerySet(models.QuerySet):
    def current(self):
        """Signed and not withdrawn: the cities that count as signatories today.

        The signing date must have come: a signing dated today is shown today.
        """
        return self.filter(status=Signatory.Status.SIGNED, signed_on__lte=timezone.localdate())

    def signed(self):
        """Every signing that has taken place, later withdrawals included: a city that
        withdrew still signed on that day (the per-year chart, the event's signings)."""
        return self.filter(
            status__in=[Signatory.Status.SIGNED, Signatory.Status.WITHDRAWN],
            signed_on__lte=timezone.localdate(),
        )

    def in_pipeline(self):
        """Cities on the way to signing (interested, or a signing scheduled)."""
        return self.filter(status__in=Signatory.PIPELINE)

    def for_listing(self):
        """What the charter page reads for each signatory: the city and the signing event."""
        return self.select_related("city", "signing_event").order_by("city__country", "city__name")


class Signatory(models.Model):
    class Status(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        SCHEDULED = "scheduled", _("Signing scheduled")
        SIGNED = "signed", _("Signed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    PIPELINE = [Status.INTERESTED, Status.SCHEDULED]

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="charter_signatures", verbose_name=_("city")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.INTERESTED, db_index=True
    )
    pipeline_since = models.DateField(
        _("in the pipeline since"),
        null=True,
        blank=True,
        default=timezone.localdate,
        help_text=_("When the city first showed interest in signing."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signing_occasion = models.CharField(
        _("signed at"),
        max_length=255,
        blank=True,
        help_text=_(
            "For example 'Integrating Cities Conference IX, Nuremberg'. Shown when no "
            "public event of the site is chosen below."
        ),
    )
    signing_event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="charter_signings",
        verbose_name=_("signed at the event"),
        help_text=_(
            "The event on this site where the city signed. Linked on the public pages "
            "once the event is published."
        ),
    )
    signed_by_name = models.CharField(_("signed by (name)"), max_length=200, blank=True)
    signed_by_title = models.CharField(
        _("signed by (title)"), max_length=200, blank=True, help_text=_("For example 'Mayor'.")
    )
    role_policy_maker = models.BooleanField(_("as policy maker"), default=True)
    role_service_provider = models.BooleanField(_("as service provider"), default=True)
    role_employer = models.BooleanField(_("as employer"), default=True)
    role_buyer = models.BooleanField(_("as buyer of goods and services"), default=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Internal; never shown."))
    contacts = models.ManyToManyField(
        Person, blank=True, related_name="charter_signatures", verbose_name=_("contacts")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = SignatoryQuerySet.as_manager()

    class Meta:
        ordering = ["city__name"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            # Withdrawn signatures stay as history; a city may sign again later.
            models.UniqueConstraint(
                fields=["city"],
                condition=~Q(status="withdrawn"),
                name="signatory_one_current_per_city",
                violation_error_message=_(
                    "This city already has a current signature (or one on the way)."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="signed") | Q(signed_on__isnull=False),
                name="signatory_signed_has_date",
                violation_error_message=_("A signed charter needs the date it was signed."),
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | Q(signed_on__gte=CHARTER_LAUNCHED),
                name="signatory_signed_after_launch",
                violation_error_message=_(
                    "The charter was launched in 2010: a city cannot have signed it earlier."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_on__isnull=False),
                name="signatory_withdrawn_has_date",
                violation_error_message=_("A withdrawal needs the date it happened."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(withdrawn_on__gte=F("signed_on")),
                name="signatory_withdrawn_after_signing",
                violation_error_message=_("A city cannot withdraw before it signed."),
            ),
        ]

    def __str__(self):
        return f"{self.city} – {self.get_status_display()}"

    def clean(self):
        # "Not in the future" also has a PostgreSQL-only constraint (migration 0004):
        # SQLite refuses a clock in a CHECK, and a model constraint must run on both.
        today = timezone.localdate()
        errors = {}
        if self.signed_on and self.signed_on > today:
            errors["signed_on"] = _("The signing date cannot be in the future.")
        if self.withdrawn_on and self.withdrawn_on > today:
            errors["withdrawn_on"] = _("The withdrawal date cannot be in the future.")
        if self.status in self.PIPELINE and self.signed_on:
            errors["signed_on"] = _(
                "A city still on the way to signing has no signing date; set the status to signed."
            )
        if self.signed_on and self.signed_on < CHARTER_LAUNCHED:
            errors["signed_on"] = _(
                "The charter was launched in 2010: a city cannot have signed it earlier."
            )
        errors.update(self.signing_event_errors())
        if errors:
            raise ValidationError(errors)

    def signing_event_errors(self):
        """A signing event is a public main event, and the signing falls on its dates."""
        if not self.signing_event_id:
            return {}
        event = self.signing_event
        if event.parent_id:
            return {"signing_event": _("Choose a main event, not one of its sessions.")}
        if not event.is_public():
            return {
                "signing_event": _(
                    "Choose a public event: “%(title)s” is not published on the site."
                )
                % {"title": event.title}
            }
        if self.signed_on and not (event.start_date <= self.signed_on <= event.end_date):
            return {
                "signed_on": _(
                    "The signing date must fall on the dates of the event where the city "
                    "signed (%(dates)s)."
                )
                % {"dates": event.dates_label}
            }
        return {}

    @property
    def public_signing_event(self):
        """The signing event if the public may see it (published, and not dated ahead)."""
        event = self.signing_event if self.signing_event_id else None
        return event if event is not None and event.is_public() else None

    @property
    def roles(self):
        """The labels of the roles the city commits in."""
        return [label for field, label in ROLES if getattr(self, field)]

    @property
    def is_in_pipeline(self):
        return self.status in self.PIPELINE

    def days_in_pipeline(self, today=None):
        if not self.is_in_pipeline or self.pipeline_since is None:
            return None
        return ((today or timezone.localdate()) - self.pipeline_since).days


def report_upload_to(instance, filename):
    # A generated name: the uploader's name may carry paths, scripts or RTL tricks.
    return f"charter/reports/{instance.year}-{uuid.uuid4().hex}.pdf"


class MonitoringReport(models.Model):
    signatory = models.ForeignKey(
        Signatory,
        on_delete=models.CASCADE,
        related_name="monitoring_reports",
        verbose_name=_("signatory"),
    )
    year = models.PositiveSmallIntegerField(
        _("reporting year"), validators=[MinValueValidator(2010), MaxValueValidator(2100)]
    )
    assessment_policy_maker = models.TextField(_("as policy maker"), blank=True)
    assessment_service_provider = models.TextField(_("as service provider"), blank=True)
    assessment_employer = models.TextField(_("as employer"), blank=True)
    assessment_buyer = models.TextField(_("as buyer of goods and services"), blank=True)
    file = models.FileField(
        _("report (PDF)"),
        upload_to=report_upload_to,
        max_length=255,
        blank=True,
        validators=[DocumentValidator(extensions=["pdf"])],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        constraints = [
            models.UniqueConstraint(
                fields=["signatory", "year"],
                name="monitoring_report_one_per_year",
                violation_error_message=_("This signatory already has a report for that year."),
            )
        ]

    def __str__(self):
        return f"{self.signatory.city} {self.year}"


class PillarPrinciple(models.Model):
    """One of the 20 principles of the European Pillar of Social Rights (reference data)."""

    class Chapter(models.TextChoices):
        EQUAL_OPPORTUNITIES = (
            "equal-opportunities",
            _("Equal opportunities and access to the labour market"),
        )
        WORKING_CONDITIONS = "working-conditions", _("Fair working conditions")
        SOCIAL_PROTECTION = "social-protection", _("Social protection and inclusion")

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    title = models.CharField(_("title"), max_length=200)
    chapter = models.CharField(_("chapter"), max_length=32, choices=Chapter)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Pillar principle")
        verbose_name_plural = _("Pillar principles")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=20),
                name="pillar_principle_number_1_to_20",
                violation_error_message=_("The Pillar has principles 1 to 20."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class PledgeQuerySet(models.QuerySet):
    def public(self):
        """Pledges made by today."""
        return self.filter(pledged_on__lte=timezone.localdate())

    def for_listing(self):
        return self.select_related("city").prefetch_related("principles")

    def totals(self):
        """How many pledges, the sum of the amounts stated, and how many stated one
        (most pledges give no sum: a total must say how many it covers)."""
        return self.aggregate(
            count=Count("pk"), amount=Sum("amount_eur"), stated=Count("amount_eur")
        )


class Pledge(models.Model):
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("city")
    )
    initiative = models.CharField(_("initiative"), max_length=200, default=INITIATIVE_DEFAULT)
    principles = models.ManyToManyField(
        PillarPrinciple, related_name="pledges", verbose_name=_("principles pledged")
    )
    amount_eur = models.DecimalField(
        _("investment (EUR)"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty when the pledge states no sum: it is shown as “not stated”."),
    )
    pledged_on = models.DateField(_("pledged on"), default=timezone.localdate)
    summary = models.TextField(_("summary"), blank=True)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["-pledged_on", "city__name"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__isnull=True) | Q(amount_eur__gte=0),
                name="pledge_amount_not_negative",
                violation_error_message=_("The amount invested cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.city} – {self.initiative} ({self.pledged_on:%Y})"

    def clean(self):
        if self.pledged_on and self.pledged_on > timezone.localdate():
            raise ValidationError({"pledged_on": _("The pledge date cannot be in the future.")})

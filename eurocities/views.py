"""Pages that compose several apps: home, topics, working groups, cities, search, health."""

from django.conf import settings
from django.db import connection
from django.db.models import CharField, Exists, F, IntegerField, OuterRef, Prefetch, Q, Value
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.static import serve

from content.cards import card_items
from content.models import Article, City, Membership, Project, Theme, WorkingGroup
from content.themes import ThemeTree, attach_themes
from content.versions import compiled_once, keeps_for, statement
from events.models import Event
from publications.models import Publication

from . import seo
from .forms import LatestFilterForm, SearchForm
from .latest import feed_sources, latest_page, mixed_search, page_of

PER_PAGE = 12


@require_safe
def home(request):
    tree = ThemeTree.current()
    articles, events = card_items(
        lambda: Article.objects.published().without_closed_calls().for_listing()[:6],
        lambda: Event.objects.published().upcoming().for_listing()[:3],
        kept_as="home",
    )
    return render(
        request,
        "eurocities/home.html",
        {
            "latest_articles": articles,
            "upcoming_events": events,
            "topic_tiles": tree.topic_tiles(),
            "json_ld": seo.organisation(request),
        },
    )


@require_safe
def topic_list(request):
    tiles = ThemeTree.current().topic_tiles()
    return render(request, "eurocities/topic_list.html", {"topic_tiles": tiles})


@require_safe
def topic_detail(request, slug):
    tree = ThemeTree.current()
    theme = tree.topic(slug)
    if theme is None:
        raise Http404("No such topic")
    return topic_page(request, theme, tree)


def topic_preview(request, theme):
    """The topic page of `theme` as edited in the admin (unsaved; see content.admin_preview)."""
    return topic_page(request, theme, ThemeTree([*Theme.objects.exclude(pk=theme.pk), theme]))


def topic_page(request, theme, tree):
    ancestors = tree.ancestors(theme)
    parent = ancestors[0] if ancestors else None
    themes = tree.subtree_ids(theme)
    facets = mixed_search(request, themes=themes, within=theme, tree=tree)
    facet_results = facets.results()

    def highlights():
        if facets.selected:
            return {}  # a filtered page is the feed alone, with every match
        # The unfiltered page highlights what is coming and the newest documents;
        # the feed below leaves those out, so no item shows twice.
        return {
            "event": Event.objects.published().upcoming().with_themes(themes)[:3],
            "publication": Publication.objects.published().with_themes(themes)[:3],
        }

    page_obj = page_of(
        lambda: facets.sources,
        request.GET.get("page"),
        per_page=PER_PAGE,
        all_themes=tree.themes,
        highlights=highlights,
        kept_as=facets.cache_as,
        cards_only=keeps_for(request),
    )
    upcoming_events = page_obj.highlights.get("event", [])
    publications = page_obj.highlights.get("publication", [])
    return render(
        request,
        "eurocities/topic_detail.html",
        {
            "theme": theme,
            "parent": parent,
            "ancestors": list(reversed(ancestors)),
            "subtopics": tree.children(theme, topics_only=True),
            "siblings": [t for t in tree.children(parent, topics_only=True) if t != theme]
            if parent
            else [],
            "contacts": theme.ordered_contacts(keep=keeps_for(request)),
            "facets": facet_results,
            "page_obj": page_obj,
            "upcoming_events": upcoming_events,
            "publications": publications,
            **network_on(themes),
        },
    )


NETWORK_FIELDS = ("name", "slug", "acronym", "full_name", "start_year", "end_year")


def network_on(themes):
    """{"working_groups": [...], "projects": [...]} on `themes`, from one query.

    A UNION of the two tables' few shown fields; the rows become (unsaved) model
    objects, so templates use their get_absolute_url() and years as usual.
    """
    network = {"working_groups": [], "projects": []}
    themes = tuple(themes)
    compiled = compiled_once(("network", themes), lambda: statement(network_rows(themes)))
    if compiled is None:  # no themes
        return network
    with connection.cursor() as cursor:
        cursor.execute(*compiled)
        rows = cursor.fetchall()
    for kind, name, slug, acronym, full_name, start_year, end_year in rows:
        if kind == "group":
            network["working_groups"].append(WorkingGroup(name=name, slug=slug))
        else:
            network["projects"].append(
                Project(
                    acronym=acronym,
                    slug=slug,
                    full_name=full_name,
                    start_year=start_year,
                    end_year=end_year,
                )
            )
    return network


def network_rows(themes):
    """The working groups and projects on `themes`: (kind, *NETWORK_FIELDS) rows."""
    blank, no_year = Value("", output_field=CharField()), Value(None, output_field=IntegerField())
    groups = WorkingGroup.objects.with_themes(themes).annotate(
        network_kind=Value("group"),
        acronym=blank,
        full_name=blank,
        start_year=no_year,
        end_year=no_year,
    )
    projects = Project.objects.with_themes(themes).annotate(
        network_kind=Value("project"), name=F("acronym")
    )
    rows = (
        groups.order_by()
        .values_list("network_kind", *NETWORK_FIELDS)
        .union(projects.order_by().values_list("network_kind", *NETWORK_FIELDS), all=True)
    )
    return rows.order_by("network_kind", "name")


@require_safe
def working_group_detail(request, slug):
    members = Prefetch("memberships", queryset=Membership.objects.select_related("city"))
    group = get_object_or_404(
        WorkingGroup.objects.select_related("forum", "chair_city").prefetch_related(
            "projects", members
        ),
        slug=slug,
    )
    return working_group_page(request, group)


def working_group_page(request, group):
    filter_form = LatestFilterForm(request.GET)
    # The group's next events and newest documents, shown above its feed (and so
    # left out of it: no item twice on one page).
    kind = filter_form.selected_kind
    page_obj = latest_page(
        request.GET.get("page"),
        working_group=group,
        kind=kind,
        attach=False,
        highlights=lambda: {
            "event": Event.objects.published().upcoming().filter(working_group=group)[:3],
            "publication": Publication.objects.published().filter(working_group=group)[:3],
        },
        # Not for an admin preview: its group is as edited, not saved.
        kept_as=("working group", group.pk, kind) if keeps_for(request) else None,
    )
    upcoming_events = page_obj.highlights.get("event", [])
    publications = page_obj.highlights.get("publication", [])
    # The group's own themes and every card's, in one query.
    attach_themes([group, *page_obj.object_list, *upcoming_events, *publications])
    return render(
        request,
        "eurocities/working_group_detail.html",
        {
            "group": group,
            "contacts": group.ordered_contacts(keep=keeps_for(request)),
            "filter_form": filter_form,
            "page_obj": page_obj,
            "upcoming_events": upcoming_events,
            "publications": publications,
        },
    )


@require_safe
def city_detail(request, slug):
    return city_page(request, get_object_or_404(City, slug=slug))


def city_page(request, city):
    # The groups it belongs to and those it chairs, in one query.
    groups = list(
        WorkingGroup.objects.filter(
            Q(pk__in=Membership.objects.filter(city=city).values("working_group"))
            | Q(chair_city=city)
        ).annotate(
            is_member=Exists(Membership.objects.filter(city=city, working_group=OuterRef("pk")))
        )
    )
    city_events = list(
        city.events.published()
        .main_events()
        .order_by("-starts_at")
        .for_listing()
        .with_card_themes(False)[:10]
    )
    # News, stories and publications about the city (its events are above).
    page_obj = page_of(
        {
            "article": Article.objects.published().filter(
                pk__in=Article.objects.filter(cities=city).values("pk")
            ),
            "publication": Publication.objects.published().filter(
                pk__in=Publication.objects.filter(cities=city).values("pk")
            ),
        },
        request.GET.get("page"),
        per_page=PER_PAGE,
        attach=False,
    )
    attach_themes([*city_events, *page_obj.object_list])
    return render(
        request,
        "eurocities/city_detail.html",
        {
            "city": city,
            "working_groups": [group for group in groups if group.is_member],
            "chaired_groups": [group for group in groups if group.chair_city_id == city.pk],
            "city_events": city_events,
            "page_obj": page_obj,
        },
    )


@require_safe
def city_list(request):
    cities = City.objects.order_by("sort_name", "name")
    return render(request, "eurocities/city_list.html", {"cities": cities})


@require_safe
def working_group_list(request):
    groups = WorkingGroup.objects.select_related("forum", "chair_city").order_by(
        "forum__name", "name"
    )
    return render(request, "eurocities/working_group_list.html", {"groups": groups})


@require_safe
def project_list(request):
    projects = Project.objects.select_related("working_group")
    return render(request, "eurocities/project_list.html", {"projects": projects})


@require_safe
def project_detail(request, slug):
    project = get_object_or_404(
        Project.objects.select_related("working_group").prefetch_related("themes"),
        slug=slug,
    )
    partners = project.partner_cities.order_by("sort_name", "name")
    sources = {}
    for source in feed_sources():
        qs = source.queryset()
        lookup = source.project_path.replace("__slug", "")
        sources[source.key] = qs.filter(
            pk__in=source.model.objects.filter(**{lookup: project}).values("pk")
        )
    return render(
        request,
        "eurocities/project_detail.html",
        {
            "project": project,
            "partners": partners,
            "page_obj": page_of(sources, request.GET.get("page"), per_page=PER_PAGE),
        },
    )


@require_safe
def search(request):
    """Published items of every kind matching `q`, best match first, with facets."""
    form = SearchForm(request.GET)
    query = form.query
    context = {"form": form, "query": query, "page_obj": None, "facets": []}
    if query:
        facets = mixed_search(request, query=query)
        context["facets"] = facets.results()
        context["clear_url"] = facets.url_with(**{facet.name: None for facet in facets.facets})
        context["page_obj"] = page_of(
            lambda: facets.sources,
            request.GET.get("page"),
            per_page=PER_PAGE,
            query=query,
            kept_as=facets.cache_as,
            cards_only=keeps_for(request),
        )
        context["topics"] = (
            []
            if context["page_obj"].paginator.count
            else (Theme.objects.filter(has_topic_page=True).order_by("name")[:12])
        )
    return render(request, "eurocities/search.html", context)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def serve_media(request, path):
    """Public uploads (images and their renditions) when the site serves them itself;
    MEDIA_ROOT is read per request, so it is always the configured folder."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)

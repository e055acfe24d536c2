"""Pages that compose several apps: home, topics, working groups, cities, search, health."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from content.models import Article, City, Project, Theme, WorkingGroup
from content.themes import ThemeTree
from events.models import Event
from publications.models import Publication

from . import seo
from .forms import LatestFilterForm, SearchForm
from .latest import feed_sources, latest_page, mixed_search, page_of

PER_PAGE = 12


@require_safe
def home(request):
    return render(
        request,
        "eurocities/home.html",
        {
            "latest_articles": (
                Article.objects.published().without_closed_calls().for_listing()[:6]
            ),
            "upcoming_events": Event.objects.published().upcoming().for_listing()[:3],
            "topics": Theme.objects.filter(has_topic_page=True).select_related("parent"),
            "json_ld": seo.organisation(request),
        },
    )


@require_safe
def topic_list(request):
    topics = Theme.objects.filter(has_topic_page=True).select_related("parent")
    return render(request, "eurocities/topic_list.html", {"topics": topics})


def descendants(theme, all_themes):
    """`theme` and every theme below it (kept for callers; content.themes is the rule)."""
    return ThemeTree(all_themes).subtree(theme)


@require_safe
def topic_detail(request, slug):
    tree = ThemeTree.load()
    theme = tree.topic(slug)
    if theme is None:
        raise Http404("No such topic")
    ancestors = tree.ancestors(theme)
    parent = ancestors[0] if ancestors else None
    themes = tree.subtree_ids(theme)
    facets = mixed_search(request, themes=themes, within=theme, tree=tree)
    facet_results = facets.results()
    sources = facets.sources
    upcoming_events, publications = [], []
    if not facets.selected:
        # The unfiltered page highlights what is coming and the newest documents;
        # the feed below leaves those out, so no item shows twice. A filtered page
        # is the feed alone, with every match.
        upcoming_events = list(
            Event.objects.published().upcoming().with_themes(themes).for_listing()[:3]
        )
        publications = list(Publication.objects.published().for_listing().with_themes(themes)[:3])
        shown = {
            "event": [e.pk for e in upcoming_events],
            "publication": [p.pk for p in publications],
        }
        sources = {
            key: qs.exclude(pk__in=shown[key]) if shown.get(key) else qs
            for key, qs in sources.items()
        }
    page_obj = page_of(sources, request.GET.get("page"), per_page=PER_PAGE)
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
            "contacts": theme.ordered_contacts(),
            "facets": facet_results,
            "page_obj": page_obj,
            "upcoming_events": upcoming_events,
            "publications": publications,
            "working_groups": WorkingGroup.objects.with_themes(themes),
            "projects": Project.objects.with_themes(themes).select_related("working_group"),
        },
    )


@require_safe
def working_group_detail(request, slug):
    group = get_object_or_404(
        WorkingGroup.objects.select_related("forum", "chair_city").prefetch_related(
            "projects", "themes", "memberships__city"
        ),
        slug=slug,
    )
    filter_form = LatestFilterForm(request.GET)
    page_obj = latest_page(
        request.GET.get("page"), working_group=group, kind=filter_form.selected_kind
    )
    return render(
        request,
        "eurocities/working_group_detail.html",
        {
            "group": group,
            "contacts": group.ordered_contacts(),
            "filter_form": filter_form,
            "page_obj": page_obj,
            "upcoming_events": (
                Event.objects.published().upcoming().filter(working_group=group).for_listing()[:3]
            ),
            "publications": Publication.objects.published()
            .for_listing()
            .filter(working_group=group)[:3],
        },
    )


@require_safe
def city_detail(request, slug):
    city = get_object_or_404(City, slug=slug)
    return render(
        request,
        "eurocities/city_detail.html",
        {
            "city": city,
            "working_groups": city.working_groups.all(),
            "chaired_groups": city.chaired_working_groups.all(),
            "city_events": city.events.published()
            .main_events()
            .order_by("-starts_at")
            .for_listing()[:10],
            # News, stories and publications about the city (its events are above).
            "page_obj": page_of(
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
            ),
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
            facets.sources, request.GET.get("page"), per_page=PER_PAGE, query=query
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


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})

"""Pages that compose several apps: home, topics, working groups, cities, search, health."""

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.static import serve

from content.models import Article, City, Membership, Theme, WorkingGroup
from content.themes import attach_themes
from events.models import Event
from publications.models import Publication

from .forms import LatestFilterForm, SearchForm
from .latest import latest_page


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
        },
    )


@require_safe
def topic_list(request):
    topics = Theme.objects.filter(has_topic_page=True).select_related("parent")
    return render(request, "eurocities/topic_list.html", {"topics": topics})


def descendants(theme, all_themes):
    """`theme` and every theme below it, from one list of all themes."""
    found, frontier = [theme], [theme]
    while frontier:
        parent_ids = {t.pk for t in frontier if t.pk}
        frontier = [t for t in all_themes if t.parent_id in parent_ids and t not in found]
        found.extend(frontier)
    return found


@require_safe
def topic_detail(request, slug):
    all_themes = list(Theme.objects.all())
    theme = next((t for t in all_themes if t.slug == slug and t.has_topic_page), None)
    if theme is None:
        raise Http404("No such topic")
    return topic_page(request, theme, all_themes)


def topic_preview(request, theme):
    """The topic page of `theme` as edited in the admin (unsaved; see content.admin_preview)."""
    all_themes = [t for t in Theme.objects.all() if t.pk != theme.pk] + [theme]
    return topic_page(request, theme, all_themes)


def topic_page(request, theme, all_themes):
    by_pk = {t.pk: t for t in all_themes}
    parent = by_pk.get(theme.parent_id)
    themes = descendants(theme, all_themes)
    filter_form = LatestFilterForm(request.GET)
    page_obj = latest_page(
        request.GET.get("page"),
        themes=themes,
        kind=filter_form.selected_kind,
        attach=False,
    )
    upcoming_events = list(
        Event.objects.published()
        .upcoming()
        .with_themes(themes)
        .for_listing()
        .with_card_themes(False)[:3]
    )
    publications = list(
        Publication.objects.published()
        .for_listing()
        .with_card_themes(False)
        .with_themes(themes)[:3]
    )
    # Every card on the page gets its themes in one query.
    attach_themes([*page_obj.object_list, *upcoming_events, *publications], all_themes)
    return render(
        request,
        "eurocities/topic_detail.html",
        {
            "theme": theme,
            "parent": parent,
            "subtopics": [t for t in all_themes if t.parent_id == theme.pk and t.has_topic_page],
            "siblings": [
                t
                for t in all_themes
                if parent and t.parent_id == parent.pk and t != theme and t.has_topic_page
            ],
            "contacts": theme.ordered_contacts(),
            "filter_form": filter_form,
            "page_obj": page_obj,
            "upcoming_events": upcoming_events,
            "publications": publications,
        },
    )


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
    page_obj = latest_page(
        request.GET.get("page"),
        working_group=group,
        kind=filter_form.selected_kind,
        attach=False,
    )
    upcoming_events = list(
        Event.objects.published()
        .upcoming()
        .filter(working_group=group)
        .for_listing()
        .with_card_themes(False)[:3]
    )
    publications = list(
        Publication.objects.published()
        .for_listing()
        .with_card_themes(False)
        .filter(working_group=group)[:3]
    )
    # The group's own themes and every card's, in one query.
    attach_themes([group, *page_obj.object_list, *upcoming_events, *publications])
    return render(
        request,
        "eurocities/working_group_detail.html",
        {
            "group": group,
            "contacts": group.ordered_contacts(),
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
        },
    )


@require_safe
def search(request):
    """Published items of every kind whose title or summary matches `q`, newest first."""
    form = SearchForm(request.GET)
    query = form.query
    page_obj = None
    if query:
        page_obj = latest_page(request.GET.get("page"), kind=form.selected_kind, query=query)
    return render(
        request,
        "eurocities/search.html",
        {"form": form, "query": query, "page_obj": page_obj},
    )


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

from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from . import detail, seo
from .cards import related_cards
from .facets import FacetedList
from .filters import article_facets
from .models import Article, BasicPage

ARTICLES_PER_PAGE = 12


@require_safe
def article_list(request):
    listing = FacetedList(request, Article.objects.published().for_listing(), article_facets())
    return render(
        request,
        "content/article_list.html",
        {
            "facets": listing.facets,
            "page_obj": listing.page(request.GET.get("page"), ARTICLES_PER_PAGE),
        },
    )


@require_safe
def open_calls(request):
    """Calls still taking applications: the soonest deadline first, then those
    without a deadline (open until closed), newest first."""
    calls = Article.objects.published().open_calls().for_listing()
    calls = calls.order_by(F("deadline").asc(nulls_last=True), "-published_at", "-pk")
    page_obj = Paginator(calls, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "content/call_list.html", {"page_obj": page_obj})


def public_article(slug):
    """The published article at `slug` with what its page shows, as for_detail()
    reads it, by statements compiled once (content.detail); its themes come with its
    related cards. None when there is none."""
    article = detail.public_item(Article, slug, having=("contacts", "projects"))
    if article is None:
        return None
    detail.refer([article], "working_group")
    detail.read_contacts(article)
    detail.read_related(article, "projects")
    return article


class ArticleDetailView(detail.KeptDetailMixin, DetailView):
    model = Article
    read_public = staticmethod(public_article)

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["related"] = related_cards(
            self.request,
            article,
            lambda: Article.objects.published().for_listing().related_to(article),
        )
        context["meta"] = meta = seo.preview(
            self.request,
            title=article.title,
            text=article.summary or seo.html_to_text(article.body),
            kind="article",
            image=article.lead_image,
            image_alt=article.lead_image_alt_text,
        )
        context["json_ld"] = seo.creative_work(self.request, article, "NewsArticle", meta)
        return context


@require_safe
def basic_page(request, kind):
    """The accessibility statement, privacy notice or legal notice."""
    page = get_object_or_404(BasicPage, kind=kind)
    return render(request, "content/basic_page.html", {"page": page})

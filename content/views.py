from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from .filters import ArticleFilter
from .models import Article

ARTICLES_PER_PAGE = 12


@require_safe
def article_list(request):
    articles = Article.objects.published().for_listing()
    filterset = ArticleFilter(request.GET, queryset=articles)
    page_obj = Paginator(filterset.qs, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "content/article_list.html",
        {"filterset": filterset, "page_obj": page_obj},
    )


class ArticleDetailView(DetailView):
    model = Article

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related"] = Article.objects.published().for_listing().related_to(self.object)
        return context

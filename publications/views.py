import re
from urllib.parse import quote

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from content import detail, seo
from content.cards import related_cards
from content.facets import FacetedList
from content.uploads import document_format

from .filters import publication_facets
from .models import Publication, PublicationFile

PUBLICATIONS_PER_PAGE = 12


@require_safe
def publication_list(request):
    publications = Publication.objects.published().for_listing()
    listing = FacetedList(request, publications, publication_facets())
    return render(
        request,
        "publications/publication_list.html",
        {
            "facets": listing.facets,
            "page_obj": listing.page(request.GET.get("page"), PUBLICATIONS_PER_PAGE),
        },
    )


def public_publication(slug):
    """The published publication at `slug` with what its page shows, as for_detail()
    reads it, by statements compiled once (content.detail); its themes come with its
    related cards. None when there is none."""
    publication = detail.public_item(Publication, slug, having=("contacts", "projects"))
    if publication is None:
        return None
    detail.refer([publication], "document_type", "working_group")
    detail.read_related(publication, "projects")
    detail.read_contacts(publication)
    detail.read_related(publication, "files")
    return publication


class PublicationDetailView(detail.KeptDetailMixin, DetailView):
    model = Publication
    http_method_names = ["get", "head", "options"]
    read_public = staticmethod(public_publication)

    def get_queryset(self):
        return Publication.objects.visible_to(self.request.user).for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        publication = self.object
        context["related"] = related_cards(
            self.request,
            publication,
            lambda: Publication.objects.published().for_listing().related_to(publication),
        )
        context["meta"] = meta = seo.preview(
            self.request,
            title=publication.title,
            text=publication.summary or seo.html_to_text(publication.body),
            kind="article",
            image=publication.cover_image,
            image_alt=publication.cover_alt_text,
        )
        languages = sorted({file.language for file in publication.files.all()})
        context["json_ld"] = seo.creative_work(
            self.request,
            publication,
            "Report",
            meta,
            genre=publication.document_type.name,
            inLanguage=languages,
        )
        return context


def attachment_header(filename):
    """RFC 6266: an ASCII fallback for old clients plus the full UTF-8 name."""
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", filename.encode("ascii", "ignore").decode())
    parts = ["attachment"]
    if fallback.strip("._"):
        parts.append(f'filename="{fallback}"')
    parts.append(f"filename*=UTF-8''{quote(filename, safe='')}")
    return "; ".join(parts)


@require_safe
def download(request, pk):
    """Serve a publication's file as an attachment, with headers a browser cannot
    turn into a page: the Content-Type comes from our allowlist, never from the
    upload, and the content is neither sniffed nor allowed to run anything."""
    visible = Publication.objects.visible_to(request.user)
    document = get_object_or_404(
        PublicationFile.objects.select_related("publication").filter(publication__in=visible),
        pk=pk,
    )
    fmt = document_format(document.file.name)
    if fmt is None:
        raise Http404("Not a document")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("File missing") from error
    response = FileResponse(handle, content_type=fmt.content_type)
    filename = document.original_name or f"{document.publication.slug}.{fmt.extension}"
    if not filename.lower().endswith(f".{fmt.extension}"):
        filename = f"{filename}.{fmt.extension}"
    response["Content-Disposition"] = attachment_header(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if not document.publication.is_public():
        response["Cache-Control"] = "private, no-store"  # a staff preview
    return response

from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        # The page's address without its query string (filters, paging, tracking).
        "CANONICAL_URL": request.build_absolute_uri(request.path),
    }

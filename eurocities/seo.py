"""Search-engine data for the composed pages (the home page's organisation)."""

from content.seo import json_ld, organisation_data


def organisation(request):
    return json_ld({"@context": "https://schema.org", **organisation_data(request)})

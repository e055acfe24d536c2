"""The DCAT-AP description of the datasets (JSON-LD), for the EU open-data portal."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .datasets import DATASETS, LICENCE_URL

EU = "http://publications.europa.eu/resource/authority"
FORMATS = {
    "csv": ("CSV", "text/csv"),
    "json": ("JSON", "application/json"),
}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def text(value):
    return {"@value": str(value), "@language": "en"}


def moment(value):
    return {"@value": timezone.localtime(value).isoformat(), "@type": "xsd:dateTime"}


def catalog(request):
    def url(name, **kwargs):
        return request.build_absolute_uri(reverse(name, kwargs=kwargs))

    home = url("opendata:index")
    publisher = {"@type": "foaf:Agent", "foaf:name": settings.SITE_NAME}
    datasets, latest = [], None
    for slug, dataset in DATASETS.items():
        state = dataset.state()
        if state.last_modified and (latest is None or state.last_modified > latest):
            latest = state.last_modified
        entry = {
            "@id": f"{home}#{slug}",
            "@type": "dcat:Dataset",
            "dct:identifier": f"{home}#{slug}",
            "dct:title": text(dataset.title),
            "dct:description": text(dataset.description),
            "dcat:keyword": [text(k) for k in dataset.keywords],
            "dct:publisher": publisher,
            "dct:language": {"@id": f"{EU}/language/ENG"},
            "dcat:landingPage": {"@id": f"{home}#{slug}"},
            "dcat:contactPoint": {
                "@type": "vcard:Organization",
                "vcard:fn": settings.SITE_NAME,
                "vcard:hasURL": {"@id": home},
            },
            "dcat:distribution": [
                {
                    "@id": url(f"opendata:{fmt}", slug=slug),
                    "@type": "dcat:Distribution",
                    "dct:title": text(f"{dataset.title} ({label})"),
                    "dcat:accessURL": {"@id": url(f"opendata:{fmt}", slug=slug)},
                    "dcat:downloadURL": {"@id": url(f"opendata:{fmt}", slug=slug)},
                    "dct:format": {"@id": f"{EU}/file-type/{label}"},
                    "dcat:mediaType": {
                        "@id": f"https://www.iana.org/assignments/media-types/{media}"
                    },
                    "dct:license": {"@id": LICENCE_URL},
                }
                for fmt, (label, media) in FORMATS.items()
            ],
        }
        if state.last_modified:
            entry["dct:modified"] = moment(state.last_modified)
        datasets.append(entry)
    result = {
        "@context": CONTEXT,
        "@id": url("opendata:catalog"),
        "@type": "dcat:Catalog",
        "dct:title": text(f"{settings.SITE_NAME} open data"),
        "dct:description": text(
            "Open data of the Eurocities network: the Integrating Cities Charter, city "
            "pledges, events and publications."
        ),
        "dct:publisher": publisher,
        "dct:language": {"@id": f"{EU}/language/ENG"},
        "dct:license": {"@id": LICENCE_URL},
        "foaf:homepage": {"@id": home},
        "dcat:dataset": datasets,
    }
    if latest:
        result["dct:modified"] = moment(latest)
    return result

"""The open-data pages: the description page, each dataset as CSV and JSON, and the
DCAT-AP catalogue. Files are streamed row by row, so their size does not matter,
and answer conditional requests (ETag, Last-Modified) with 304."""

import csv
import json

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from .catalog import catalog
from .datasets import DATASETS, LICENCE_NAME, LICENCE_URL, SEPARATOR

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@require_safe
def index(request):
    datasets = [(dataset, dataset.state()) for dataset in DATASETS.values()]
    return render(
        request,
        "opendata/index.html",
        {"datasets": datasets, "licence_name": LICENCE_NAME, "licence_url": LICENCE_URL},
    )


@require_safe
def download(request, slug, fmt):
    dataset = DATASETS.get(slug)
    if dataset is None:
        raise Http404
    state = dataset.state()
    etag = f'"{state.etag(fmt)}"'
    last_modified = state.last_modified.timestamp() if state.last_modified else None
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified) if last_modified else None
    )
    if not_modified is not None:
        return not_modified
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_lines(dataset, request), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            json_chunks(dataset, request), content_type="application/json"
        )
        response["Access-Control-Allow-Origin"] = "*"
    response["Content-Disposition"] = f'inline; filename="eurocities-{slug}.{fmt}"'
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def catalog_view(request):
    response = StreamingHttpResponse(
        [json.dumps(catalog(request), indent=2, ensure_ascii=False)],
        content_type="application/ld+json",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


class Echo:
    """A file-like object csv.writer writes one line to, which we pass straight on."""

    def write(self, value):
        return value


def inert(value):
    """A cell's text, with a leading quote where a spreadsheet would run a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = SEPARATOR.join(cell_text(v) for v in value)
    value = str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def cell_text(value):
    if isinstance(value, dict):  # a file of a publication: "en: https://..."
        return f"{value['language']}: {value['url']}"
    return str(value)


def csv_lines(dataset, request):
    writer = csv.writer(Echo())
    names = [column.name for column in dataset.columns]
    yield writer.writerow(names)
    for row in dataset.rows(request):
        yield writer.writerow([inert(row[name]) for name in names])


def json_chunks(dataset, request):
    head = {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "licence": LICENCE_URL,
        "source": request.build_absolute_uri(reverse("opendata:index")),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
    first = True
    for row in dataset.rows(request):
        yield ("" if first else ",") + "\n" + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]}\n"

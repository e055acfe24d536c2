"""The map of Europe on the charter page, drawn on the server as SVG.

Country outlines come from Natural Earth (public domain) through the npm package
world-atlas; `manage.py build_europe_map` turned them once into
`charter/data/europe-map.json` (one SVG path per country). City dots use the same
projection here, so the page needs no tile server and no JavaScript.

Projection: Lambert azimuthal equal-area centred on Europe (as in EPSG:3035), which
keeps the north from swelling the way Mercator does.
"""

import json
import math
from functools import cache
from pathlib import Path

MAP_FILE = Path(__file__).resolve().parent / "data" / "europe-map.json"

CENTRE_LON, CENTRE_LAT = 10.0, 52.0
# The projected window shown (unit sphere coordinates): Iceland to Moscow,
# Lapland to Crete and Cyprus.
WINDOW = (-0.30, -0.30, 0.37, 0.36)  # x_min, y_min, x_max, y_max
WIDTH = 1000


def project_unit(lon, lat):
    """(lon, lat) in degrees -> (x, y) on the unit sphere's LAEA plane, y to the north."""
    lam, phi = math.radians(lon - CENTRE_LON), math.radians(lat)
    phi0 = math.radians(CENTRE_LAT)
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    k = math.sqrt(2 / max(1 + cos_c, 1e-9))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, y


def scale():
    x_min, _y_min, x_max, _y_max = WINDOW
    return WIDTH / (x_max - x_min)


def height():
    _x_min, y_min, _x_max, y_max = WINDOW
    return round((y_max - y_min) * scale())


def project(lon, lat):
    """(lon, lat) in degrees -> SVG (x, y) in the map's viewBox, y downwards."""
    x, y = project_unit(float(lon), float(lat))
    x_min, _y_min, _x_max, y_max = WINDOW
    return (x - x_min) * scale(), (y_max - y) * scale()


def in_view(x, y, margin=0):
    return -margin <= x <= WIDTH + margin and -margin <= y <= height() + margin


@cache
def country_outlines():
    """{'viewBox': '0 0 W H', 'countries': {ISO code: SVG path}} from the bundled file."""
    with MAP_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def city_dots(cities):
    """Map positions for cities with coordinates inside the window.

    `cities` holds (city, label) pairs; returns dicts with x, y, city and label.
    """
    dots = []
    for city, label in cities:
        if city.latitude is None or city.longitude is None:
            continue
        x, y = project(city.longitude, city.latitude)
        if in_view(x, y):
            dots.append({"x": round(x, 1), "y": round(y, 1), "city": city, "label": label})
    return dots

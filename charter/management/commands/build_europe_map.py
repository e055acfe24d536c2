"""Turn Natural Earth country outlines into the charter map's SVG paths (run once).

The source is the npm package world-atlas (Natural Earth, public domain):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python manage.py build_europe_map package/countries-50m.json

It writes charter/data/europe-map.json, which is committed; the site never reads
the source file.
"""

import json
import math

from django.core.management.base import BaseCommand, CommandError
from django_countries import countries

from charter import geo

# Natural Earth areas without an ISO numeric code in world-atlas.
CODES_BY_NAME = {"Kosovo": "XK", "N. Cyprus": "CY-N", "Somaliland": "SO-N"}
# Outlines are first cut to this lon/lat box, so points far behind the projection's
# horizon (eastern Russia, the Americas) never reach it.
GEO_BOX = (-35.0, 25.0, 75.0, 83.0)
TOLERANCE = 0.8  # simplification, in viewBox units (the map is 1000 wide)


class Command(BaseCommand):
    help = "Build charter/data/europe-map.json from world-atlas TopoJSON (countries-50m.json)."

    def add_arguments(self, parser):
        parser.add_argument("source", help="Path to world-atlas countries-50m.json (TopoJSON)")
        parser.add_argument("--output", default=str(geo.MAP_FILE))

    def handle(self, source, output, **options):
        try:
            with open(source, encoding="utf-8") as handle:
                topology = json.load(handle)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {source}: {error}") from error
        arcs = decode_arcs(topology)
        obj = topology["objects"]["countries"]
        paths = {}
        for geometry in obj["geometries"]:
            code = country_code(geometry)
            if code is None:
                continue
            d = geometry_path(geometry, arcs)
            if d:
                paths[code] = (paths.get(code, "") + d).strip()
        data = {
            "source": "Natural Earth 1:50m countries via world-atlas 2.0.2 (public domain)",
            "projection": {
                "name": "Lambert azimuthal equal-area",
                "centre": [geo.CENTRE_LON, geo.CENTRE_LAT],
                "window": list(geo.WINDOW),
            },
            "viewBox": f"0 0 {geo.WIDTH} {geo.height()}",
            "countries": dict(sorted(paths.items())),
        }
        with open(output, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
            handle.write("\n")
        self.stdout.write(f"Wrote {len(paths)} countries to {output}.")


def country_code(geometry):
    name = (geometry.get("properties") or {}).get("name", "")
    if name in CODES_BY_NAME:
        return CODES_BY_NAME[name]
    try:
        return countries.alpha2(int(geometry["id"])) or None
    except (KeyError, TypeError, ValueError):
        return None


def decode_arcs(topology):
    """TopoJSON arcs as lists of (lon, lat), undoing quantisation and delta coding."""
    transform = topology.get("transform")
    decoded = []
    for arc in topology["arcs"]:
        points, x, y = [], 0, 0
        for point in arc:
            if transform:
                x, y = x + point[0], y + point[1]
                (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((point[0], point[1]))
        decoded.append(points)
    return decoded


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def geometry_path(geometry, arcs):
    x_max, y_max = geo.WIDTH, geo.height()
    parts = []
    for polygon in polygons(geometry):
        for ring in polygon:
            points = clip(ring_points(ring, arcs), *GEO_BOX)
            if len(points) < 3:
                continue
            projected = clip([geo.project(lon, lat) for lon, lat in points], 0, 0, x_max, y_max)
            simplified = simplify(projected, TOLERANCE)
            if len(simplified) < 3 or area(simplified) < 1:
                continue
            parts.append(svg_ring(simplified))
    return "".join(parts)


def clip(points, x_min, y_min, x_max, y_max):
    """Sutherland-Hodgman: the part of a closed ring inside an axis-aligned box."""
    edges = [
        (lambda p: p[0] >= x_min, lambda a, b: cut_x(a, b, x_min)),
        (lambda p: p[0] <= x_max, lambda a, b: cut_x(a, b, x_max)),
        (lambda p: p[1] >= y_min, lambda a, b: cut_y(a, b, y_min)),
        (lambda p: p[1] <= y_max, lambda a, b: cut_y(a, b, y_max)),
    ]
    for inside, cut in edges:
        if not points:
            break
        result, previous = [], points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    result.append(cut(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cut(previous, point))
            previous = point
        points = result
    return points


def cut_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def cut_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points, tolerance):
    """Douglas-Peucker on a ring, keeping its first point."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, worst_distance = None, tolerance
        for i in range(first + 1, last):
            distance = segment_distance(points[i], points[first], points[last])
            if distance > worst_distance:
                worst, worst_distance = i, distance
        if worst is not None:
            keep[worst] = True
            stack.extend([(first, worst), (worst, last)])
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def segment_distance(p, a, b):
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == dy == 0:
        return math.dist(p, a)
    t = max(0, min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def area(points):
    return abs(
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


def svg_ring(points):
    coords = [(round(x), round(y)) for x, y in points]
    deduplicated = [c for i, c in enumerate(coords) if i == 0 or c != coords[i - 1]]
    head, *rest = deduplicated
    return f"M{head[0]} {head[1]}" + "".join(f"L{x} {y}" for x, y in rest) + "Z"

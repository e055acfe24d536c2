import json

import pytest
from django.core.management import CommandError, call_command

from charter import geo


def topology():
    """A tiny TopoJSON: Belgium as a rough box, and Argentina far outside the map."""
    belgium = [[2.5, 49.5], [6.4, 49.5], [6.4, 51.5], [2.5, 51.5], [2.5, 49.5]]
    argentina = [[-70, -50], [-55, -50], [-55, -25], [-70, -25], [-70, -50]]
    return {
        "type": "Topology",
        "arcs": [belgium, argentina],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "id": "056"},
                    {"type": "Polygon", "arcs": [[1]], "id": "032"},
                ],
            }
        },
    }  # fmt: skip


def test_the_map_builder_turns_natural_earth_outlines_into_svg_paths(tmp_path):
    source, output = tmp_path / "countries.json", tmp_path / "map.json"
    source.write_text(json.dumps(topology()))

    call_command("build_europe_map", str(source), output=str(output))

    data = json.loads(output.read_text())
    assert list(data["countries"]) == ["BE"]
    assert data["countries"]["BE"].startswith("M") and data["countries"]["BE"].endswith("Z")
    assert data["viewBox"] == f"0 0 {geo.WIDTH} {geo.height()}"
    assert "Natural Earth" in data["source"]


def test_the_map_builder_reports_an_unreadable_source(tmp_path):
    with pytest.raises(CommandError):
        call_command("build_europe_map", str(tmp_path / "missing.json"))


def test_the_bundled_map_covers_europe():
    countries = geo.country_outlines()["countries"]
    assert {"BE", "DE", "FR", "ES", "IT", "PL", "SE", "FI", "GR", "PT", "IE", "UA"} <= set(
        countries
    )


def test_cities_outside_the_map_or_without_coordinates_get_no_dot():
    class Place:
        def __init__(self, latitude, longitude):
            self.latitude, self.longitude = latitude, longitude

    dots = geo.city_dots(
        [(Place(50.85, 4.35), "Brussels"), (Place(-34.6, -58.4), "Buenos Aires"),
         (Place(None, None), "Unknown")]
    )  # fmt: skip
    assert [dot["label"] for dot in dots] == ["Brussels"]
    assert 0 < dots[0]["x"] < geo.WIDTH and 0 < dots[0]["y"] < geo.height()

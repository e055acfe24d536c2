"""axe-core accessibility checks for a Playwright page.

axe.min.js comes from the PyPI package axe-playwright-python (pinned in
requirements-dev.txt), so no npm is needed. It is run with `page.evaluate`, which
the site's Content-Security-Policy (`script-src 'self' 'nonce-…'`) does not block.
"""

from functools import cache
from pathlib import Path

# WCAG 2.0 and 2.1, levels A and AA: what the EU Web Accessibility Directive requires.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


@cache
def axe_source():
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def violations(page, tags=WCAG_TAGS, disable=(), exclude=()):
    """axe's violations on the page as it is now (a list of axe result dicts).

    `disable` names axe rules to skip; `exclude` lists CSS selectors of parts of
    the page not to check (third-party widgets we cannot change).
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Wrapped in a function so evaluate returns nothing; axe sets window.axe itself.
        page.evaluate(f"() => {{ {axe_source()}\n }}")
    options = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in disable},
    }
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    return page.evaluate(
        "([context, options]) => axe.run(context || document, options)", [context, options]
    )["violations"]


def describe(found):
    """Rule ids, impacts and the failing elements' selectors, one rule per paragraph."""
    lines = []
    for violation in found:
        lines.append(f"{violation['impact']:8} {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:8]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"           {target}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"             {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"           … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def assert_accessible(page, disable=(), exclude=()):
    """Fail on any serious or critical WCAG 2.1 A/AA violation, listing rules and elements."""
    found = violations(page, disable=disable, exclude=exclude)
    found = [violation for violation in found if violation["impact"] in BLOCKING]
    assert not found, f"axe found serious/critical problems on {page.url}:\n{describe(found)}"

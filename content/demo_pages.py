"""Demo texts of the basic pages, loaded by `manage.py load_demo` (idempotently).

The accessibility statement follows the structure of the EU Web Accessibility
Directive's model statement (Commission Implementing Decision (EU) 2018/1523):
compliance status, content that is not accessible and why, how to give feedback,
the enforcement procedure and the date it was prepared.
"""

from datetime import date

from .models import BasicPage

ACCESSIBILITY = """
<p>Eurocities wants as many people as possible to be able to use this website.
This statement covers the public pages of this site.</p>
<h2>Compliance status</h2>
<p>This website is <strong>partially compliant</strong> with the Web Content
Accessibility Guidelines (WCAG) 2.1 at level AA, and with the European standard
EN 301 549, because of the exceptions listed below.</p>
<h2>Content that is not accessible</h2>
<h3>Not in line with the guidelines</h3>
<ul>
<li>Some older PDF reports in the publications library have no tagged structure,
so a screen reader may read them in the wrong order.</li>
<li>A few images in older news items describe charts whose figures are not
repeated in the text.</li>
</ul>
<h3>Disproportionate burden</h3>
<p>We do not claim a disproportionate burden for any content.</p>
<h3>Outside the scope of the rules</h3>
<ul>
<li>Documents published before 23 September 2018 that are not needed for
taking part in our activities.</li>
<li>Recordings of webinars held before 23 September 2020.</li>
</ul>
<p>When you need one of these documents in an accessible format, ask us (see
below) and we will send it within ten working days.</p>
<h2>How this statement was prepared</h2>
<p>We assessed the site ourselves: every page type is checked automatically
against WCAG 2.1 A and AA before each release, on a desktop and a phone screen,
and the main journeys are tried with a keyboard only.</p>
<h2>Feedback and contact</h2>
<p>If something on this site does not work for you, or you need information in
another format, write to
<a href="mailto:accessibility@eurocities.example">accessibility@eurocities.example</a>.
Tell us the address of the page and what went wrong. We answer within ten
working days.</p>
<h2>Enforcement procedure</h2>
<p>If our answer does not satisfy you, you can turn to the body that oversees
the accessibility of public sector websites in Belgium, or to the Belgian
federal ombudsman, who handles complaints about public bodies free of
charge.</p>
"""

PRIVACY = """
<p>This notice explains what personal data this website collects and why.</p>
<h2>What we collect</h2>
<ul>
<li>The server keeps technical logs (address, time, page asked for) for up to
30 days, to keep the site secure.</li>
<li>The site sets no tracking or advertising cookies. Editors who log in get a
session cookie that ends when they log out.</li>
<li>The names and work email addresses of contact persons shown on the site are
published with their agreement.</li>
</ul>
<h2>Your rights</h2>
<p>You may ask to see, correct or delete the data we hold about you by writing
to <a href="mailto:privacy@eurocities.example">privacy@eurocities.example</a>.
You may also complain to the Belgian Data Protection Authority.</p>
"""

LEGAL = """
<p>This website is published by Eurocities, an association of European cities
based in Brussels.</p>
<h2>Publisher</h2>
<p>Eurocities asbl, Square de Meeûs 1, 1000 Brussels, Belgium.</p>
<h2>Use of the content</h2>
<p>Texts may be quoted with a mention of the source. Photos belong to their
authors, named under each image, and may not be reused without their
permission.</p>
<h2>Liability</h2>
<p>We check what we publish with care but cannot guarantee that the pages of
other websites we link to are correct or available.</p>
"""

PAGES = [
    (
        BasicPage.Kind.ACCESSIBILITY,
        "Accessibility statement",
        "How accessible this website is, what is not yet, and how to tell us.",
        ACCESSIBILITY,
    ),
    (
        BasicPage.Kind.PRIVACY,
        "Privacy notice",
        "What personal data this website collects and what you can ask of us.",
        PRIVACY,
    ),
    (BasicPage.Kind.LEGAL, "Legal notice", "Who publishes this website.", LEGAL),
]
PREPARED_ON = date(2026, 11, 2)


def load(stdout=None):
    for kind, title, summary, body in PAGES:
        BasicPage.objects.update_or_create(
            kind=kind,
            defaults={
                "title": title,
                "summary": summary,
                "body": body,
                "reviewed_on": PREPARED_ON,
            },
        )
    if stdout:
        stdout.write(f"Basic pages: {len(PAGES)}.")

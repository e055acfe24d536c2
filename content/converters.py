class UnicodeSlugConverter:
    """Slugs in any script (київ, θεσσαλονίκη); never matches NUL or slashes."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value

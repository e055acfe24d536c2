from django import forms
from django.utils.translation import gettext_lazy as _

from .latest import kind_choices


class LatestFilterForm(forms.Form):
    """Narrows a mixed 'Latest' feed to one kind of content."""

    kind = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Everything")), *kind_choices()]

    @property
    def selected_kind(self):
        return self.cleaned_data.get("kind") if self.is_valid() else ""


class SearchForm(forms.Form):
    """Site search: the words to look for (the facets are links on the results page)."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=200,  # CharField also refuses NUL bytes
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    @property
    def query(self):
        return self.cleaned_data.get("q", "") if self.is_valid() else ""

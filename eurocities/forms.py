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

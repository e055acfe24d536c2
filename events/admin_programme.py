"""The programme editor: a conference's sessions, edited on the conference."""

from django import forms


class ProgrammeFormSet(forms.BaseInlineFormSet):
    """New sessions take the conference's publishing: its status and dates.

    A session left at its default status goes live with its conference, never
    before it, and stays a draft while the conference is one. A status the editor
    chose for the new row is kept.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What new rows show before anyone touches them (and what counts as unchanged).
        for form in self.extra_forms:
            form.initial.setdefault("status", self.instance.status)

    @property
    def empty_form(self):
        form = super().empty_form
        form.initial["status"] = self.instance.status
        return form

    def save_new(self, form, commit=True):
        session = form.instance
        parent = self.instance
        if "status" not in form.changed_data:
            session.status = parent.status
        session.published_at = max(session.published_at, parent.published_at)
        if session.unpublish_at is None:
            session.unpublish_at = parent.unpublish_at
        return super().save_new(form, commit=commit)

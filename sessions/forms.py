from django import forms
from django.utils.translation import gettext_lazy as _

from council.bounds import MAX_ID
from sessions.models import AGENDA_DESCRIPTION_MAX_CHARS


class SittingForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=MAX_ID)
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=AGENDA_DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

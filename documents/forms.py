from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(
        label=_("PDF file"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"})
    )
    confidential = forms.BooleanField(label=_("Confidential"), required=False)


class VersionForm(forms.Form):
    file = forms.FileField(
        label=_("New version (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class DocumentEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)

"""The editors' decision forms, on the admin's accept and reject pages."""

from django import forms

from cases.models import Region
from contributions.models import REASON_MAX

REASON_HELP = "Kept with the suggestion and in the change history; never shown to the public."


class RejectForm(forms.Form):
    reason = forms.CharField(
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=REASON_HELP,
        error_messages={
            "required": "Say why the suggestion is rejected: a rejection needs a reason."
        },
    )


class AcceptCorrectionForm(forms.Form):
    reason = forms.CharField(
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason (optional)",
        help_text=REASON_HELP,
    )


class AcceptCaseForm(AcceptCorrectionForm):
    region = forms.ModelChoiceField(
        queryset=Region.objects.select_related("nation"),
        label="Region of the new case",
        help_text="Every case needs a region: choose the one the place is in. You can change it "
        "on the draft case.",
        empty_label="Choose a region",
        error_messages={"required": "Choose the region the place is in."},
    )
    slug = forms.SlugField(
        max_length=80,
        label="Address (slug) of the new case",
        help_text="The last part of the case page’s address; it cannot be changed once saved.",
        error_messages={"required": "Give the case an address (slug)."},
    )
    field_order = ["region", "slug", "reason"]

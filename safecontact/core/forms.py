from crispy_forms_gds.helper import FormHelper
from django import forms

from safecontact.core.exceptions import ApplicationError


class GovukForm(forms.Form):
    """A form rendered with GOV.UK markup by crispy-forms-gds; the page supplies <form> and buttons."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = "s"
        self.helper.legend_size = "s"


class GovukModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = "s"
        self.helper.legend_size = "s"


def add_application_error(form: forms.BaseForm, error: ApplicationError) -> None:
    """Show a service's refusal beside the field it concerns (or at the top), keeping what was typed."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)

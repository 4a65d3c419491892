"""GOV.UK classes for widgets rendered outside crispy-forms (allauth's pages)."""

from django import forms, template
from django.forms.boundfield import BoundField

register = template.Library()

CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


@register.filter
def govuk_widget(field: BoundField) -> str:
    widget = field.field.widget
    css = next((c for kind, c in CLASSES.items() if isinstance(widget, kind)), "govuk-input")
    if field.errors:
        css += f" {css.split('__')[0]}--error" if css != "govuk-checkboxes__input" else ""
    attrs: dict[str, str | bool] = {"class": css}
    if field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}-hint"
    return field.as_widget(attrs=attrs)


@register.filter
def error_anchor(field: BoundField) -> str:
    """The id the error summary links to: the input itself, the first radio or checkbox (crispy-forms-gds numbers
    them from 1), or the first date box that is wrong (the day box when the whole date is missing)."""
    widget = field.field.widget
    if isinstance(widget, forms.MultiWidget):
        parts = getattr(field.field, "fields", ())
        wrong = next((i for i, part in enumerate(parts) if getattr(part.widget, "errors", None)), 0)
        return f"{field.auto_id}_{wrong}"
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"id_{field.html_name}_1"
    return str(field.auto_id)


# allauth's own forms (sign-in, passwords, codes) say "This field is required."; these say what to do.
ALLAUTH_REQUIRED = {
    "login": "Enter your email address", "email": "Enter your email address", "password": "Enter your password",
    "oldpassword": "Enter your current password", "password1": "Enter a new password",
    "password2": "Enter the new password again", "code": "Enter the code from your authenticator app",
}


@register.filter
def govuk_errors(field: BoundField) -> list[str]:
    """The field's errors, with Django's generic "This field is required." replaced by one naming the field."""
    from safecontact.core.forms import GENERIC_REQUIRED, required_message

    return [ALLAUTH_REQUIRED.get(field.name) or required_message(field.field, field.name) if str(e) == GENERIC_REQUIRED else str(e)
            for e in field.errors]

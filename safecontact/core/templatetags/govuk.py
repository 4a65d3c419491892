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

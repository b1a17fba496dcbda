from django import template

register = template.Library()


@register.filter
def money(amount, currency=""):
    """Minor units as people read them: 4500, "chf" -> CHF 45.00."""
    if amount in (None, ""):
        return ""
    amount = int(amount)
    return f"{(currency or '').upper()} {amount // 100}.{amount % 100:02d}".strip()

"""Built-in components, one module each; importing this package registers them."""

from components.fields import checkbox, date, email, signature, text, textarea

__all__ = ["checkbox", "date", "email", "signature", "text", "textarea"]

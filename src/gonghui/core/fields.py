"""Model fields every app declares the same way."""

from django.conf import settings
from django.db import models


def user_fk(verbose_name: str = "经办人", *, related_name: str = "+", null: bool = True):
    """Who did it: a user kept for the record (PROTECT, so an account that ever acted is
    deactivated rather than deleted), optional unless ``null=False``."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=null,
        blank=null,
        related_name=related_name,
        verbose_name=verbose_name,
    )

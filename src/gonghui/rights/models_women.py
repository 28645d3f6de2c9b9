"""women — filled in by its part (see models.py)."""

__all__: list[str] = []

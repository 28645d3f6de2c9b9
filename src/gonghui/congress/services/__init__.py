"""Congress services, one module per area."""

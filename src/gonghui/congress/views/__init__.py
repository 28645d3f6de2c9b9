"""Congress views, one module per area."""

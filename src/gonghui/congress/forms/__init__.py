"""Congress forms, one module per area."""

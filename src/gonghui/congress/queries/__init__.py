"""Congress queries, one module per area."""

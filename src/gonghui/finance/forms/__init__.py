"""Finance forms, one module per area."""

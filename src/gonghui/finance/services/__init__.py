"""Every finance write, one module per area. Each service is keyword-only, atomic and
writes its audit entry in the same transaction."""

"""Every finance read that depends on who asks. One module per area; ``common`` holds the
union lookup and the inherited settings every area uses."""

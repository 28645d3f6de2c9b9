"""Finance pages, one module per area; finance/urls.py lists their routes."""

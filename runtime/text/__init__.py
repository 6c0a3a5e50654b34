"""Text understanding for keyword triggers and message conditions (no Qt, no network)."""

"""Turning results into what a reader sees: text for the terminal, JSON, graphs."""

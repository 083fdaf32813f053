"""Reusable widgets for the reflect app."""

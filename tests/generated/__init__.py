"""Tests calling every operation of every generated client against a scripted local server."""

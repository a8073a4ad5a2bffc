"""Turning report files into passages: load -> clean -> structure -> chunk -> index."""

"""Tests of the platform connectors against the fake servers."""

"""Simulation of Swedish municipal home care: minute-controlled versus trust-based."""

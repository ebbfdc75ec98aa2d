"""Plots (seaborn/matplotlib): one colour per model everywhere, colour-blind safe, PNG and SVG."""

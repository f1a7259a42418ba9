"""The dashboard at /designer/insight: figures, trends and the wizard funnel, as SVG + tables."""

"""SVG charts drawn on the server, pure Python: the drawing pieces (`drawing`), the charts pages and PDFs share
(`common_charts`: radar, bars, trend) and the public benchmark's (`benchmark_charts`)."""

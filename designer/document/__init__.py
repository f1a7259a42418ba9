"""The document editor: the PDF body as blocks, and importing Word contracts as blocks."""

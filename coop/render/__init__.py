"""Rendering the books for people: capitals, labels in two languages, text, PDF, exports."""

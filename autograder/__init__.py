"""Grading tools for the backpropagation workbook (instructor side)."""

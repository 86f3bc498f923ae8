"""The analysts' desk: the same application opened on a Geneva repository (issue 18)."""

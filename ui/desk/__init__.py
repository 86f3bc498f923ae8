"""The interview desk: list, new interview with consent, the session screen."""

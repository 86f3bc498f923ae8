"""The interview desk's core: verbs, rules and list rows, Qt-free."""

"""The command line: `sillok` and `python -m app`."""

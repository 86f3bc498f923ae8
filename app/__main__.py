"""`python -m app`: the same command line as `sillok`."""

from app.cli.main import main

raise SystemExit(main())

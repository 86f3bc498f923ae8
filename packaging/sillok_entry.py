"""The bundle's entry point: the same `sillok` command as the installed script."""

from app.cli.main import main

raise SystemExit(main())

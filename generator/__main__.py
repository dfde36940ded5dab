"""`python -m generator` is the `onesheet` command."""

from .cli import main

raise SystemExit(main())

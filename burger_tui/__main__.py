from burger_tui.cli import main

raise SystemExit(main())

from maturitytui.cli import main

raise SystemExit(main())

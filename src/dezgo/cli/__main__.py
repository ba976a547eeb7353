import sys

from dezgo.cli import main

sys.exit(main())

import sys

from dezgo.batch.cli import main

sys.exit(main())

import sys

from konews.cli import main

sys.exit(main())

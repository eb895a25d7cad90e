import sys

from ctmanual.cli import main

sys.exit(main())

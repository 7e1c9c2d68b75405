"""``python -m webhook.cli``: the same as the ``railguard`` command."""

import sys

from webhook.cli import main

sys.exit(main())

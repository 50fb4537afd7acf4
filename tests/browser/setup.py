"""Make sure the browser tests can run: Debian's Chromium, fonts for Arabic and Ethiopic, GNU gettext.

Installs them with apt-get when running as root; otherwise says exactly what is missing and fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
NEEDED = {
    "chromium": lambda: CHROMIUM.exists(),
    "fonts-noto-core": lambda: Path("/usr/share/fonts/truetype/noto/NotoSansEthiopic-Regular.ttf").exists(),
    "gettext": lambda: shutil.which("msgfmt") is not None,
}


def missing() -> list[str]:
    return [name for name, present in NEEDED.items() if not present()]


def main() -> int:
    todo = missing()
    if not todo:
        return 0
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(
            "The browser tests need these Debian packages: " + " ".join(todo) + "\n"
            "Install them with: sudo apt-get install " + " ".join(todo),
            file=sys.stderr,
        )
        return 1
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print("Installing for the browser tests: " + " ".join(todo), flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607
    subprocess.run(["apt-get", "install", "-y", "-qq", *todo], check=True, env=env,  # noqa: S607
                   stdout=subprocess.DEVNULL)
    if still := missing():
        print("Still missing after apt-get: " + " ".join(still), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

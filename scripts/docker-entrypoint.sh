#!/bin/sh
# Entry point of the container image (Dockerfile): one image, four commands.
#   app (default)  the web app and its PBS route: migrations, first owner, then Next.js on PORT
#   pbs            the standalone PBS server on PBS_PORT (needs only the object storage)
#   migrate        apply pending migrations to DATABASE_URL, then exit
#   token ARGS…    print a new API token (see `token --help`)
set -e
command="${1:-app}"
[ "$#" -gt 0 ] && shift
case "$command" in
  app) exec node dist/start.mjs start "$@" ;;
  pbs) exec node dist/pbs.mjs "$@" ;;
  migrate) exec node dist/migrate.mjs "$@" ;;
  token) exec node dist/token.mjs "$@" ;;
  *)
    echo "unknown command '$command': use app, pbs, migrate or token" >&2
    exit 2
    ;;
esac

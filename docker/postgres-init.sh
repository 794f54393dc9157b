#!/bin/sh
# The database's own user for the server: it owns the database, and is not
# a superuser and cannot bypass row-level security, so that the policies
# bind it (see README.md, "Running it in production"). The postgres image
# runs this once, as the superuser, when it creates its data directory.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
	-v user="$SERVER_DB_USER" -v password="$SERVER_DB_PASSWORD" -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password' NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
-- The roles every request switches to; the server's user may not create
-- roles, so they are made here and given to it.
DO $$ BEGIN
    CREATE ROLE consumption_user NOLOGIN;
    CREATE ROLE consumption_auth NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL; -- a cluster that has them
END $$;
GRANT consumption_user, consumption_auth TO :"user";
ALTER DATABASE :"db" OWNER TO :"user";
SQL

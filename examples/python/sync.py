#!/usr/bin/env python3
"""Keep a copy of your consumption records, with Python's standard library.

Sign in once; the script makes a READ API token and keeps it, never the
password:

    CONSUMPTION_PASSWORD=... python3 sync.py login --url https://consumption.example.com --email ana@example.com

Then, say daily from cron, bring the copy up to date:

    python3 sync.py sync

The copy is records.json in the state directory (--state, by default
~/.local/share/consumption-sync), one entry per record by id. A sync reads
the records created or changed since the last one (updatedSince, in
UPDATED_AT order, page after page) and the records deleted since
(deletedConsumptionRecords). It prints what it did as one line of JSON.
"""

import argparse
import datetime
import getpass
import json
import os
import socket
import sys
import time
import urllib.error
import urllib.request

# A change is stamped when its transaction begins and seen when it commits,
# so each sync asks from a while before the latest change it saw; records
# seen again are simply written again.
MARGIN = datetime.timedelta(minutes=5)
# Deletions are remembered this long; a copy older than that starts over.
TOMBSTONES_KEPT = datetime.timedelta(days=90)

RECORD_FIELDS = "id type amount unit periodStart periodEnd notes cost source createdAt updatedAt"

CHANGED = """query Changed($since: DateTime, $after: String) {
  consumptionRecords(filter: {updatedSince: $since}, orderBy: {field: UPDATED_AT, direction: ASC},
                     first: 500, after: $after) {
    edges { node { %s } }
    pageInfo { hasNextPage endCursor }
  }
}""" % RECORD_FIELDS

DELETED = """query Deleted($since: DateTime!, $after: ID) {
  deletedConsumptionRecords(since: $since, first: 1000, after: $after) { id type deletedAt }
}"""

LOGIN = """mutation Login($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { accessToken refreshToken }
}"""

CREATE_TOKEN = """mutation CreateToken($name: String!) {
  createApiToken(input: {name: $name, scope: READ}) { token apiToken { id name scope } }
}"""

LOGOUT = "mutation Logout($refreshToken: String!) { logout(refreshToken: $refreshToken) }"


class APIError(Exception):
    """A GraphQL error answer: its message and extensions.code."""

    def __init__(self, message, code, field=None):
        super().__init__(message)
        self.code = code
        self.field = field


def graphql(url, query, variables=None, token=None, attempts=4):
    """Send one GraphQL request and return its data, waiting as the server
    asks (Retry-After) when it is busy or throttling."""
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    for attempt in range(attempts):
        request = urllib.request.Request(url.rstrip("/") + "/graphql", data=body, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                answer = json.load(response)
                retry_after = response.headers.get("Retry-After")
        except urllib.error.HTTPError as e:
            if e.code == 401:
                raise SystemExit("The API token is no longer valid (revoked or expired): run `sync.py login` again.")
            retry_after = e.headers.get("Retry-After")
            try:
                answer = json.load(e)
            except ValueError:
                raise SystemExit("The server answered HTTP %d." % e.code)
        errors = answer.get("errors") or []
        if not errors:
            return answer["data"]
        first = errors[0]
        ext = first.get("extensions") or {}
        code = ext.get("code", "")
        if code in ("RATE_LIMITED", "SERVICE_UNAVAILABLE") and retry_after and attempt + 1 < attempts:
            time.sleep(int(retry_after))
            continue
        raise APIError(first.get("message", "error"), code, ext.get("field"))
    raise AssertionError("unreachable")


def parse_time(s):
    """Read a DateTime: RFC 3339, with Z or an offset, to the microsecond."""
    s = s.replace("Z", "+00:00")
    if "." in s:  # at most six fractional digits for older Pythons
        head, rest = s.split(".", 1)
        digits = len(rest) - len(rest.lstrip("0123456789"))
        s = head + "." + rest[:min(digits, 6)].ljust(6, "0") + rest[digits:]
    return datetime.datetime.fromisoformat(s)


def format_time(t):
    return t.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")


class State:
    """The state directory: the server, the token, the time to sync from,
    and the copy of the records."""

    def __init__(self, directory):
        self.directory = directory
        self.state_path = os.path.join(directory, "state.json")
        self.records_path = os.path.join(directory, "records.json")

    def load(self):
        try:
            with open(self.state_path) as f:
                state = json.load(f)
        except FileNotFoundError:
            raise SystemExit("No state in %s: run `sync.py login` first." % self.directory)
        try:
            with open(self.records_path) as f:
                records = json.load(f)
        except FileNotFoundError:
            records = {}
        return state, records

    def save(self, state, records=None):
        os.makedirs(self.directory, mode=0o700, exist_ok=True)
        if records is not None:
            write_json(self.records_path, records, 0o600)
        write_json(self.state_path, state, 0o600)


def write_json(path, value, mode):
    """Write a file whole or not at all: a crash leaves the old one."""
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        json.dump(value, f, indent=1, sort_keys=True)
    os.replace(tmp, path)


def login(args):
    password = os.environ.get("CONSUMPTION_PASSWORD") or getpass.getpass("Password for %s: " % args.email)
    session = graphql(args.url, LOGIN, {"email": args.email, "password": password})["login"]
    name = "sync.py on %s" % socket.gethostname()
    created = graphql(args.url, CREATE_TOKEN, {"name": name[:100]}, token=session["accessToken"])["createApiToken"]
    # The session is no longer needed: the script keeps only the token.
    graphql(args.url, LOGOUT, {"refreshToken": session["refreshToken"]})
    State(args.state).save({"url": args.url, "token": created["token"], "since": None}, records={})
    print(json.dumps({"token": created["apiToken"]}))


def sync(args):
    store = State(args.state)
    state, records = store.load()
    url, token = args.url or state["url"], state["token"]
    since = parse_time(state["since"]) if state.get("since") else None
    now = datetime.datetime.now(datetime.timezone.utc)
    full = since is None or now - since > TOMBSTONES_KEPT - MARGIN
    if full:
        records = {}
    latest = since
    changed = 0
    after = None
    while True:
        variables = {"since": None if full else format_time(since), "after": after}
        page = graphql(url, CHANGED, variables, token)["consumptionRecords"]
        for edge in page["edges"]:
            record = edge["node"]
            records[record["id"]] = record
            changed += 1
            latest = max_time(latest, parse_time(record["updatedAt"]))
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    deleted = 0
    if not full:
        from_time, after_id = format_time(since), None
        while True:
            page = graphql(url, DELETED, {"since": from_time, "after": after_id}, token)["deletedConsumptionRecords"]
            for gone in page:
                if records.pop(gone["id"], None) is not None:
                    deleted += 1
                latest = max_time(latest, parse_time(gone["deletedAt"]))
            if len(page) < 1000:
                break
            from_time, after_id = page[-1]["deletedAt"], page[-1]["id"]

    state["since"] = format_time(latest - MARGIN) if latest else None
    store.save(state, records)
    print(json.dumps({"full": full, "changed": changed, "deleted": deleted, "records": len(records), "since": state["since"]}))


def max_time(a, b):
    return b if a is None or b > a else a


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--state", default=os.path.expanduser("~/.local/share/consumption-sync"),
                        help="where the token and the copy are kept")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("login", help="sign in once and keep a READ API token")
    p.add_argument("--url", required=True, help="the server, such as https://consumption.example.com")
    p.add_argument("--email", required=True)
    p.set_defaults(run=login)
    p = commands.add_parser("sync", help="bring the copy up to date")
    p.add_argument("--url", help="the server, when it moved since login")
    p.set_defaults(run=sync)
    args = parser.parse_args()
    try:
        args.run(args)
    except APIError as e:
        print("%s (%s)" % (e, e.code), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

// Package examples_test runs the integrators' examples of README's "For
// integrators" against the real handler on a throwaway database: the
// Python script (standard library only) and the TypeScript client (types
// from graphql-codegen). They need python3 and Node.js with the packages
// of examples/typescript, which `make test` installs; without them the
// tests fail rather than skip.
package examples_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"consumption/graphtest"
)

// run runs a program in dir with the environment added, and returns what
// it printed; it fails the test when the program fails.
func run(t *testing.T, dir string, env []string, name string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(graphtest.Context(t), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr.Bytes())
	}
	return out
}

// lookPath finds a program or fails the test, saying what to install.
func lookPath(t *testing.T, name, need string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not on the PATH: %s", name, need)
	}
	return path
}

// serverRecords returns every record of the user as the API shows them,
// with the given fields, by id.
func serverRecords(t *testing.T, srv *graphtest.Server, session, fields string) map[string]map[string]any {
	t.Helper()
	var data struct {
		ConsumptionRecords struct {
			Edges []struct{ Node map[string]any }
		}
	}
	srv.Post(t, session, `{ consumptionRecords(first: 500) { edges { node { `+fields+` } } } }`, nil).Must(t, &data)
	out := make(map[string]map[string]any)
	for _, e := range data.ConsumptionRecords.Edges {
		out[e.Node["id"].(string)] = e.Node
	}
	return out
}

// changes changes the first record and deletes the second, as a person
// would between two syncs, and returns their ids.
func changes(t *testing.T, srv *graphtest.Server, session string, ids []string) (changed, deleted string) {
	t.Helper()
	srv.Post(t, session, `mutation($id: ID!) { updateConsumptionRecord(id: $id, input: {amount: "99.125", notes: "corrected"}) { id } }`,
		map[string]any{"id": ids[0]}).Must(t, nil)
	srv.Post(t, session, `mutation($id: ID!) { deleteConsumptionRecord(id: $id) }`, map[string]any{"id": ids[1]}).Must(t, nil)
	return ids[0], ids[1]
}

// newUser registers a user with three monthly records and returns the
// session and the records' ids.
func newUser(t *testing.T, srv *graphtest.Server) (graphtest.Session, []string) {
	t.Helper()
	user := srv.Register(t)
	var data struct{ CreateConsumptionRecords []struct{ ID string } }
	srv.Post(t, user.AccessToken, `mutation($in: [CreateConsumptionRecordInput!]!) { createConsumptionRecords(input: $in) { id } }`,
		map[string]any{"in": []any{
			graphtest.Record(map[string]any{"periodStart": "2024-01-01", "periodEnd": "2024-01-31"}),
			graphtest.Record(map[string]any{"periodStart": "2024-02-01", "periodEnd": "2024-02-29", "cost": "41.07"}),
			graphtest.Record(map[string]any{"type": "WATER", "unit": "CUBIC_METER", "amount": "3.25", "periodStart": "2024-01-01", "periodEnd": "2024-03-31"}),
		}}).Must(t, &data)
	ids := make([]string, len(data.CreateConsumptionRecords))
	for i, r := range data.CreateConsumptionRecords {
		ids[i] = r.ID
	}
	return user, ids
}

// TestPythonSync runs examples/python/sync.py as its docstring says: login
// once (it keeps a READ token, not the password), then sync after each
// round of changes. The copy it keeps must equal the records on the server
// every time.
func TestPythonSync(t *testing.T) {
	python := lookPath(t, "python3", "the Python example needs Python 3")
	srv := graphtest.NewServer(t, graphtest.Options{})
	user, ids := newUser(t, srv)
	state := t.TempDir()
	script, err := filepath.Abs(filepath.Join("python", "sync.py"))
	if err != nil {
		t.Fatal(err)
	}
	env := []string{"CONSUMPTION_PASSWORD=" + user.Password}
	const fields = "id type amount unit periodStart periodEnd notes cost source createdAt updatedAt"

	var login struct {
		Token struct{ ID, Name, Scope string }
	}
	if err := json.Unmarshal(run(t, state, env, python, script, "--state", state, "login", "--url", srv.URL, "--email", user.Email), &login); err != nil {
		t.Fatal(err)
	}
	if login.Token.Scope != "READ" || !strings.HasPrefix(login.Token.Name, "sync.py on ") {
		t.Fatalf("login made %+v, want a READ token named for the script", login.Token)
	}
	raw, err := os.ReadFile(filepath.Join(state, "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(user.Password)) {
		t.Fatal("the state keeps the password")
	}
	var kept struct{ Token string }
	if err := json.Unmarshal(raw, &kept); err != nil {
		t.Fatal(err)
	}
	if e := srv.Post(t, kept.Token, `mutation { deleteConsumptionRecord(id: "x") }`, nil).OnlyError(t); e.Code() != "FORBIDDEN" {
		t.Errorf("the script's token may write: %s, want FORBIDDEN", e.Code())
	}

	type summary struct {
		Full                      bool
		Changed, Deleted, Records int
	}
	syncAndCompare := func(what string) summary {
		t.Helper()
		var s summary
		if err := json.Unmarshal(run(t, state, nil, python, script, "--state", state, "sync"), &s); err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(filepath.Join(state, "records.json"))
		if err != nil {
			t.Fatal(err)
		}
		var copied map[string]map[string]any
		if err := json.Unmarshal(raw, &copied); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(serverRecords(t, srv, user.AccessToken, fields), copied); diff != "" {
			t.Errorf("%s: the copy differs from the server (-server +copy):\n%s", what, diff)
		}
		return s
	}

	if s := syncAndCompare("the first sync"); !s.Full || s.Records != 3 {
		t.Errorf("the first sync: %+v, want a full copy of 3 records", s)
	}
	changes(t, srv, user.AccessToken, ids)
	srv.Post(t, user.AccessToken, `mutation($in: CreateConsumptionRecordInput!) { createConsumptionRecord(input: $in) { id } }`,
		map[string]any{"in": graphtest.Record(map[string]any{"type": "GAS", "periodStart": "2024-03-01", "periodEnd": "2024-03-31"})}).Must(t, nil)
	if s := syncAndCompare("after changes"); s.Full || s.Deleted != 1 || s.Records != 3 {
		t.Errorf("after changes: %+v, want an incremental sync that deleted 1 and kept 3", s)
	}
	if s := syncAndCompare("with nothing new"); s.Full || s.Deleted != 0 || s.Records != 3 {
		t.Errorf("with nothing new: %+v", s)
	}
}

// TestTypeScriptClient checks that the TypeScript example's generated
// types are what graphql-codegen makes of the schema the server serves at
// /schema.graphql, compiles it, and runs its sync: every record first,
// then what changed and what was deleted since.
func TestTypeScriptClient(t *testing.T) {
	node := lookPath(t, "node", "the TypeScript example needs Node.js 20 or later")
	example, err := filepath.Abs("typescript")
	if err != nil {
		t.Fatal(err)
	}
	modules := filepath.Join(example, "node_modules")
	if _, err := os.Stat(filepath.Join(modules, "@graphql-codegen", "cli")); err != nil {
		t.Fatal("the TypeScript example's packages are missing: run `npm ci --prefix examples/typescript` (make test does)")
	}
	srv := graphtest.NewServer(t, graphtest.Options{})
	user, ids := newUser(t, srv)
	token := srv.CreateAPIToken(t, user.AccessToken, "READ", nil).Token

	// A copy of the example, to generate and build in without touching
	// the repository's.
	work := t.TempDir()
	for _, name := range []string{"codegen.ts", "tsconfig.json", "package.json", "src"} {
		copyTree(t, filepath.Join(example, name), filepath.Join(work, name))
	}
	if err := os.Symlink(modules, filepath.Join(work, "node_modules")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(work, "src", "gql")); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(modules, ".bin")
	run(t, work, []string{"CONSUMPTION_SCHEMA=" + srv.URL + "/schema.graphql"}, filepath.Join(bin, "graphql-codegen"), "--config", "codegen.ts", "--silent")
	for _, name := range []string{"gql.ts", "graphql.ts", "index.ts"} {
		want, err := os.ReadFile(filepath.Join(example, "src", "gql", name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(work, "src", "gql", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("examples/typescript/src/gql/%s is not what graphql-codegen makes of the schema: run `npm run codegen` in examples/typescript and commit the result", name)
		}
	}
	run(t, work, nil, filepath.Join(bin, "tsc"), "-p", "tsconfig.json")

	type output struct {
		Changed []struct {
			ID, Amount, UpdatedAt string
		}
		Deleted []struct{ ID, Type, DeletedAt string }
		Latest  string
	}
	sync := func(args ...string) output {
		t.Helper()
		var out output
		raw := run(t, work, []string{"CONSUMPTION_URL=" + srv.URL, "CONSUMPTION_TOKEN=" + token}, node, append([]string{"dist/sync.js"}, args...)...)
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%v: %s", err, raw)
		}
		return out
	}
	idsOf := func(out output) []string {
		var got []string
		for _, r := range out.Changed {
			got = append(got, r.ID)
		}
		sort.Strings(got)
		return got
	}

	first := sync()
	want := append([]string(nil), ids...)
	sort.Strings(want)
	if diff := cmp.Diff(want, idsOf(first)); diff != "" || len(first.Deleted) != 0 || first.Latest == "" {
		t.Fatalf("the first sync (-want +got):\n%s\ndeleted %v, latest %q", diff, first.Deleted, first.Latest)
	}

	changed, deleted := changes(t, srv, user.AccessToken, ids)
	next := sync(first.Latest)
	// updatedSince includes its instant: the record changed, and any
	// record changed at the instant the first sync ended on.
	wantChanged := []string{changed}
	for _, r := range first.Changed {
		if r.UpdatedAt == first.Latest && r.ID != changed && r.ID != deleted {
			wantChanged = append(wantChanged, r.ID)
		}
	}
	sort.Strings(wantChanged)
	if diff := cmp.Diff(wantChanged, idsOf(next)); diff != "" {
		t.Errorf("records changed since (-want +got):\n%s", diff)
	}
	for _, r := range next.Changed {
		if r.ID == changed && r.Amount != "99.125" {
			t.Errorf("the changed record's amount is %q, want \"99.125\"", r.Amount)
		}
	}
	if len(next.Deleted) != 1 || next.Deleted[0].ID != deleted || next.Deleted[0].Type != "ELECTRICITY" {
		t.Errorf("deleted since: %+v, want the record %s", next.Deleted, deleted)
	}
}

// copyTree copies a file or a directory.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

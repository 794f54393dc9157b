package main

import (
	"go/build"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// layers ranks the packages whose dependencies must point one way: each may
// import only packages of a lower rank. Packages not listed (config,
// metrics, client, ...) are not checked.
var layers = map[string]int{
	"consumption/domain":          0,
	"consumption/engine":          5,
	"consumption/store":           10,
	"consumption/auth":            20,
	"consumption/records":         20,
	"consumption/tariffs":         20,
	"consumption/meters":          20,
	"consumption/forecasts":       20,
	"consumption/sample":          20,
	"consumption/live":            20,
	"consumption/graph/scalar":    30,
	"consumption/graph/model":     31,
	"consumption/graph/loader":    31,
	"consumption/graph":           32,
	"consumption/httpapi":         40,
	"consumption":                 50,
	"consumption/graphtest":       60,
	"consumption/store/storetest": 55,
}

// servicesRank is the rank of the services: they and every package below
// them speak Go, not HTTP or GraphQL.
const servicesRank = 20

// noTransport are the imports of HTTP and GraphQL.
var noTransport = []string{"net/http", "github.com/99designs/gqlgen", "github.com/vektah/gqlparser"}

// TestDependenciesPointOneWay reads the imports of every package's
// non-test files: server.go → httpapi → graph → services (auth, records) →
// store → engine → domain, and nothing imports upward. Test files may: an
// end-to-end test of the resolvers goes through the real HTTP handler.
func TestDependenciesPointOneWay(t *testing.T) {
	checked := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata") {
			return filepath.SkipDir
		}
		pkg, err := build.Default.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files here
		}
		importPath := "consumption"
		if path != "." {
			importPath += "/" + filepath.ToSlash(path)
		}
		rank, ranked := layers[importPath]
		if !ranked {
			return nil
		}
		checked++
		for _, imp := range pkg.Imports {
			if r, ok := layers[imp]; ok && r >= rank {
				t.Errorf("%s imports %s, which is not below it", importPath, imp)
			}
			if rank <= servicesRank {
				for _, banned := range noTransport {
					if imp == banned || strings.HasPrefix(imp, banned+"/") {
						t.Errorf("%s imports %s", importPath, imp)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Errorf("checked %d packages; the walk missed some", checked)
	}
}

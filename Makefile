# The consumption server. `make run` serves it; `make test` runs every test.

DATABASE_URL ?= postgres://postgres@localhost:5432/consumption?sslmode=disable
export DATABASE_URL

GO ?= go
DIR ?= up

.PHONY: run build test test-citus test-go test-client test-vitest test-e2e docs-screenshots chromium audit-deps examples-deps lint generate check-generated migrate db-reset clean client lint-client bench

## run: build and serve on http://localhost:8080 (creates and migrates the database)
run: client
	$(GO) run .

## build: build the server binary, with the web client in it, into bin/server
build: client
	$(GO) build -o bin/server .

## test: run every suite against the local PostgreSQL, each whether or not another failed; fails at the end if any did
SUITES := test-go test-vitest test-e2e
test: chromium
	@failed=; \
	for suite in $(SUITES); do $(MAKE) --no-print-directory $$suite || failed="$$failed $$suite"; done; \
	if [ -n "$$failed" ]; then echo "make test: failed:$$failed"; exit 1; fi

## test-go: the Go tests
test-go: audit-deps examples-deps
	$(GO) test -count=1 ./...

## test-citus: the journey, isolation, aggregate, meter and cost tests on a Citus cluster (a coordinator and two workers started on free ports), installing Citus from ../shared when missing
CITUS_TESTS := ./store/ ./records/ ./graph/ ./httpapi/
CITUS_RUN := TestEveryTableIsPlaced|TestEveryUserStatementRoutesToOneShard|TestRowLevelSecurity|TestAggregate|TestJourney|TestTenancy|TestSeries|TestSummary|TestMeter|TestCost|TestSample|TestRecordMonthSums|TestChangePasswordAndDeleteAccount|TestRefreshTokenReuse|TestSignedOutEverywhere|TestAPITokenRevokedEverywhere
test-citus:
	@[ -f "$$(pg_config --pkglibdir)/citus.so" ] || ../shared/tools/citus/install.sh
	$(GO) run ./tools/citus-cluster -- $(GO) test -count=1 -run '$(CITUS_RUN)' $(CITUS_TESTS)

## client: build the web client into client/dist/app, which the binary embeds (skipped when up to date)
CLIENT_SOURCES := $(shell find client/src client/public -type f 2>/dev/null) \
	client/index.html client/vite.config.ts client/tsconfig.json
client: client/dist/app/index.html
client/dist/app/index.html: client/node_modules/.package-lock.json $(CLIENT_SOURCES)
	npm run --prefix client build
client/node_modules/.package-lock.json: client/package.json client/package-lock.json
	npm ci --prefix client --no-audit --no-fund --loglevel=error
	@touch $@

## test-client: the client's Vitest tests, then its browser tests
test-client: test-vitest test-e2e

## test-vitest: the client's Vitest tests
test-vitest: client/node_modules/.package-lock.json
	npm test --prefix client

## test-e2e: the browser tests (Chromium against the real server)
test-e2e: client chromium
	npm run --prefix client e2e

## docs-screenshots: take the README's screenshots of the dashboard with sample data into docs/ (look at them, then commit them)
docs-screenshots: client chromium
	node client/e2e/readme-screenshots.mjs

## chromium: check that the browser tests find a Chromium; install Debian's when none is found and apt-get may run
chromium:
	@node client/e2e/find-chromium.mjs >/dev/null 2>&1 && exit 0; \
	if [ -z "$$CHROMIUM_PATH" ] && command -v apt-get >/dev/null && { [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then \
		as_root=$$([ "$$(id -u)" = 0 ] || echo sudo -n); \
		echo "make: installing Debian's chromium for the browser tests (apt-get install chromium)"; \
		$$as_root apt-get update -qq && $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi; \
	node client/e2e/find-chromium.mjs >/dev/null

## lint-client: type-check the client and check that its generated GraphQL types are up to date
lint-client: client/node_modules/.package-lock.json
	npm run --prefix client typecheck
	npm run --prefix client codegen -- --silent
	@if [ -n "$$(git status --porcelain -- client/src/gql)" ]; then \
		git --no-pager diff --stat -- client/src/gql; \
		echo "the client's generated GraphQL types differ: run 'npm run codegen' in client/ and commit the result"; exit 1; fi

## audit-deps: install the graphql-http audit suite that httpapi's tests run
audit-deps:
	npm ci --prefix tools/graphql-http-audit --no-audit --no-fund --loglevel=error

## examples-deps: install the TypeScript example's packages, which examples/'s tests build and run (skipped when up to date)
examples-deps: examples/typescript/node_modules/.package-lock.json
examples/typescript/node_modules/.package-lock.json: examples/typescript/package.json examples/typescript/package-lock.json
	npm ci --prefix examples/typescript --no-audit --no-fund --loglevel=error
	@touch $@

## lint: gofmt, go vet, staticcheck, and generated code up to date (the client's too)
lint: check-generated lint-client
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

## generate: regenerate the GraphQL server code from schema.graphqls
generate:
	$(GO) tool gqlgen generate

## check-generated: fail when the committed generated code is not what the generators produce
GENERATED := graph/generated.go graph/model/models_gen.go graph/schema.resolvers.go
check-generated: generate
	@if [ -n "$$(git status --porcelain -- $(GENERATED))" ]; then \
		git --no-pager diff --stat -- $(GENERATED); \
		echo "generated code differs from what the generators produce: run 'make generate' and commit the result"; exit 1; fi

## bench: seed a benchmark database (once), load the built server and compare with its SQL and the plain grouping (see BENCHMARKS.md)
bench: build
	$(GO) test -run '^$$' -bench BenchmarkSeries -benchtime 40x ./store/
	$(GO) test -run '^$$' -bench BenchmarkAliasedDaySeries -benchtime 2s ./graph/
	$(GO) run ./bench $(BENCH_FLAGS)

## migrate: apply migrations (DIR=down reverts the latest, DIR=status lists them)
migrate:
	$(GO) run . migrate $(DIR)

## db-reset: drop the development database, create it again and migrate it
db-reset:
	psql "$(DATABASE_URL)" -c 'SELECT 1' >/dev/null 2>&1 && \
		psql "$(subst /consumption?,/postgres?,$(DATABASE_URL))" -c 'DROP DATABASE IF EXISTS consumption WITH (FORCE)' || true
	$(GO) run . migrate up

clean:
	rm -rf bin client/dist/app

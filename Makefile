# The consumption server. `make run` serves it; `make test` runs every test.

DATABASE_URL ?= postgres://postgres@localhost:5432/consumption?sslmode=disable
export DATABASE_URL

GO ?= go
DIR ?= up

.PHONY: run build test audit-deps lint generate check-generated migrate db-reset clean client test-client lint-client bench

## run: build and serve on http://localhost:8080 (creates and migrates the database)
run: client
	$(GO) run .

## build: build the server binary, with the web client in it, into bin/server
build: client
	$(GO) build -o bin/server .

## test: run every test against the local PostgreSQL
test: audit-deps test-client
	$(GO) test -count=1 ./...

## client: build the web client into client/dist/app, which the binary embeds (skipped when up to date)
CLIENT_SOURCES := $(shell find client/src client/public -type f 2>/dev/null) \
	client/index.html client/vite.config.ts client/tsconfig.json
client: client/dist/app/index.html
client/dist/app/index.html: client/node_modules/.package-lock.json $(CLIENT_SOURCES)
	npm run --prefix client build
client/node_modules/.package-lock.json: client/package.json client/package-lock.json
	npm ci --prefix client --no-audit --no-fund --loglevel=error
	@touch $@

## test-client: the client's Vitest tests, then the browser tests (Chromium against the real server)
test-client: client
	npm test --prefix client
	npm run --prefix client e2e

## lint-client: type-check the client and check that its generated GraphQL types are up to date
lint-client: client/node_modules/.package-lock.json
	npm run --prefix client typecheck
	npm run --prefix client codegen -- --silent
	@if [ -n "$$(git status --porcelain -- client/src/gql)" ]; then \
		git --no-pager diff --stat -- client/src/gql; \
		echo "the client's generated GraphQL types differ: run 'npm run codegen' in client/ and commit the result"; exit 1; fi

## audit-deps: install the graphql-http audit suite that graph's tests run
audit-deps:
	npm ci --prefix tools/graphql-http-audit --no-audit --no-fund --loglevel=error

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

## bench: seed a benchmark database (once), load the built server and compare with direct SQL (see BENCHMARKS.md)
bench: build
	$(GO) test -run '^$$' -bench BenchmarkSeries -benchtime 40x ./store/
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

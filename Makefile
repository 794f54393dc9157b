# The consumption server. `make run` serves it; `make test` runs every test.

DATABASE_URL ?= postgres://postgres@localhost:5432/consumption?sslmode=disable
export DATABASE_URL

GO ?= go
DIR ?= up

.PHONY: run build test audit-deps lint generate check-generated migrate db-reset clean

## run: build and serve on http://localhost:8080 (creates and migrates the database)
run:
	$(GO) run .

## build: build the server binary into bin/server
build:
	$(GO) build -o bin/server .

## test: run every test against the local PostgreSQL
test: audit-deps
	$(GO) test -count=1 ./...

## audit-deps: install the graphql-http audit suite that graph's tests run
audit-deps:
	npm ci --prefix tools/graphql-http-audit --no-audit --no-fund --loglevel=error

## lint: gofmt, go vet, staticcheck, and generated code up to date
lint: check-generated
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

## migrate: apply migrations (DIR=down reverts the latest, DIR=status lists them)
migrate:
	$(GO) run . migrate $(DIR)

## db-reset: drop the development database, create it again and migrate it
db-reset:
	psql "$(DATABASE_URL)" -c 'SELECT 1' >/dev/null 2>&1 && \
		psql "$(subst /consumption?,/postgres?,$(DATABASE_URL))" -c 'DROP DATABASE IF EXISTS consumption WITH (FORCE)' || true
	$(GO) run . migrate up

clean:
	rm -rf bin

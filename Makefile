# hookcontract: the commands the README gives, and the checks CI runs.
# `make demo` runs the main job on the repository's own contract;
# `make test` runs every test (it installs the pinned npm tools first).

SHELL        := /bin/bash
.SHELLFLAGS  := -o pipefail -c
GO        ?= go
NPM       ?= npm
CONTRACTS := asyncapi.yaml examples/workspace/asyncapi.yaml
GENERATED := gen examples/workspace/webhooks
EXAMPLE   := examples/workspace

.PHONY: all demo test gotest lint generate check-generated bench interop fuzz update-golden clean docs chromium

all: lint test

## demo: load and self-check both contracts and print their events, then validate
## the recorded valid payloads (exit 0) and one invalid payload (exit 1, expected)
demo:
	$(GO) run ./cmd/lint $(CONTRACTS)
	@$(GO) build -o build/validate ./cmd/validate
	build/validate testdata/payloads/monitoring/valid
	@status=0; build/validate testdata/payloads/monitoring/invalid/company.created.bad-email.json || status=$$?; \
	echo "validate exited $$status: the payload breaks the contract, as expected"; test $$status -eq 1

## test: every test: unit, golden, corpus, interop with @asyncapi/cli, lint, generated code,
## and the docs page in a real browser (chromium, installed when missing)
test: node_modules chromium lint check-generated
	HOOKCONTRACT_INTEROP=1 HOOKCONTRACT_BROWSER=1 $(GO) test ./...
	$(GO) test -race ./hookrt ./gen/monitoring ./internal/check
	cd $(EXAMPLE) && $(GO) vet ./... && $(GO) test -race ./...

## lint: gofmt and go vet
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	if [ -n "$$out" ]; then echo "gofmt -l reports unformatted files:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	cd $(EXAMPLE) && $(GO) vet ./...

## generate: regenerate committed generated code
generate:
	$(GO) generate ./...
	cd $(EXAMPLE) && $(GO) generate ./...

## check-generated: fail when committed generated code is stale
check-generated: generate
	@out=$$(git status --porcelain -- $(GENERATED)); \
	if [ -n "$$out" ]; then echo "generated code is stale (run make generate and commit):"; echo "$$out"; exit 1; fi

## bench: Go benchmarks, each reported against a baseline measured in the same run;
## then validate against ajv 8 on BENCH_N generated JSON lines (records/s, ratio, peak RSS)
BENCH_N ?= 100000
bench: node_modules
	$(GO) test -run='^$$' -bench=. -benchmem -count=3 ./... | $(GO) run ./internal/benchratio
	cd $(EXAMPLE) && $(GO) test -run='^$$' -bench=Load -benchtime=1x .
	$(GO) run ./bench/compare -n $(BENCH_N)

## interop: the official AsyncAPI CLI accepts both contracts
interop: node_modules
	HOOKCONTRACT_INTEROP=1 $(GO) test ./contract -run TestAsyncAPICLI -v

## fuzz: run each fuzz target for a while (FUZZTIME=30s by default)
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./contract -run='^$$' -fuzz=FuzzLoad -fuzztime=$(FUZZTIME)
	$(GO) test ./breaking -run='^$$' -fuzz=FuzzParseIgnore -fuzztime=$(FUZZTIME)
	$(GO) test ./gen/monitoring -run='^$$' -fuzz=FuzzParseEvent -fuzztime=$(FUZZTIME)
	$(GO) test ./hookrt -run='^$$' -fuzz=FuzzParse -fuzztime=$(FUZZTIME)
	$(GO) test ./hookrt -run='^$$' -fuzz=FuzzPattern -fuzztime=$(FUZZTIME)
	$(GO) test ./hookrt -run='^$$' -fuzz=FuzzDateTime -fuzztime=$(FUZZTIME)
	$(GO) test ./internal/payload -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME)
	$(GO) test ./internal/check -run='^$$' -fuzz='^FuzzJSON$$' -fuzztime=$(FUZZTIME)
	$(GO) test ./internal/check -run='^$$' -fuzz='^FuzzJSONL$$' -fuzztime=$(FUZZTIME)
	$(GO) test ./internal/check -run='^$$' -fuzz='^FuzzHAR$$' -fuzztime=$(FUZZTIME)
	$(GO) test ./internal/check -run='^$$' -fuzz='^FuzzFastAgrees$$' -fuzztime=$(FUZZTIME)
	$(GO) test ./internal/check -run='^$$' -fuzz='^FuzzSimplePattern$$' -fuzztime=$(FUZZTIME)
	$(GO) test ./internal/check -run='^$$' -fuzz='^FuzzPlainDateTime$$' -fuzztime=$(FUZZTIME)

## breaking: classify the changes to the Monitoring contract since BASE (a path or git:<rev>:<path>)
BASE ?= git:HEAD:asyncapi.yaml
.PHONY: breaking
breaking:
	$(GO) run ./cmd/breaking -base $(BASE) -head asyncapi.yaml

## update-golden: rewrite golden files from the current behaviour
update-golden:
	$(GO) test ./... -update

## docs: publish both contracts into build/site/ (page, bundled AsyncAPI, OpenAPI 3.1)
docs:
	$(GO) run ./cmd/publish -contract asyncapi.yaml -out build/site
	$(GO) run ./cmd/publish -contract examples/workspace/asyncapi.yaml -out build/site/workspace

## chromium: Debian's chromium for the browser test, installed only when missing
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@command -v chromium >/dev/null 2>&1 || { echo "chromium is not installed and could not be installed (apt-get install chromium, as root)"; exit 1; }

node_modules: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund --loglevel=error
	@touch node_modules

clean:
	rm -rf node_modules build

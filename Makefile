# privaudit's developer tasks. `make test` is what CI runs (.ci/run).
GO ?= go
PKGS := ./...

.PHONY: all build test race vet fmt bench eval fuzz golden demo clean

all: vet test

## build: a static binary (no cgo), as the Dockerfile's build stage makes it.
build:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/privaudit ./cmd/privaudit

## test: vet, then every test with the race detector off (fast) and a 9-minute cap.
test: vet
	@test -d ../shared || echo "note: ../shared is absent: the corpus tests are skipped (go test -v says why for each)"
	$(GO) test -count=1 -timeout 9m $(PKGS)

## race: every test under the race detector (slower; time limits scale, see testsite.TimeScale).
race:
	$(GO) test -race -count=1 -timeout 20m $(PKGS)

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

## bench: speed and memory figures, each compared with a baseline measured in the same run.
## internal/bench runs whole privaudit audits against the minimal colly crawl
## (internal/bench/mincolly) at 5,000 and 20,000 pages: about 2 minutes.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 3x -timeout 30m ./crawler/ ./extract/ ./policy/... ./browser/ ./store/ ./serve/ ./internal/bench/

## eval: precision, recall and F1 of the policy analyser over ../shared/corpus/policies.
eval:
	$(GO) run ./policy/eval

## fuzz: fuzz page extraction and policy parsing for a while each.
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzExtract -fuzztime 60s ./extract/
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 60s ./policy/

## golden: rewrite the golden reports after an intended change (review the diff!).
golden:
	$(GO) test -count=1 ./internal/cli/ -run Golden -update

demo:
	$(GO) run ./cmd/privaudit demo

clean:
	rm -rf bin

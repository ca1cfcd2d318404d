# nianbao — developer targets. `make test` is what CI runs.
GO ?= go
FUZZTIME ?= 30s

.PHONY: build test vet fuzz bench clean

build:
	$(GO) build -o nianbao ./cmd/nianbao

vet:
	$(GO) vet ./...

test: vet
	$(GO) test -race -timeout 14m ./...

# Each fuzz target runs for FUZZTIME; crashers are kept as seeds in testdata/fuzz.
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 1x $$pkg; \
	  done; \
	done

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -f nianbao
